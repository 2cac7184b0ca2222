import type { Payload, PayloadConverter } from '@temporalio/common';

/** Clear metadata naming the tenant a Temporal payload belongs to. */
export declare const TENANT_METADATA = 'agencyflow-tenant';
/** The tenant a value is for: its `tenantId`, or the `fmoTenantId` of Agent CRM work. */
export declare function tenantOfValue(value: unknown): string | undefined;
/** The payload with its tenant metadata set to `tenant` (any earlier label replaced). */
export declare function stampTenant(payload: Payload, tenant: string): Payload;
/** The default conversion, plus the tenant a value is for stamped on its payload. */
export declare const payloadConverter: PayloadConverter;
