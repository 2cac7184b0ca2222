// Plain JavaScript on purpose: the SDK loads this module by path with Node's own `require` in the
// main thread (clients, workers, replayers), where TypeScript is not compiled under vitest, as
// well as into workflow bundles. So it imports nothing but the SDK. Types: payload-converter.d.ts.
/* global TextEncoder -- Node and the workflow sandbox both provide it */
import { defaultPayloadConverter } from '@temporalio/common';

/** Clear metadata naming the tenant a Temporal payload belongs to. */
export const TENANT_METADATA = 'agencyflow-tenant';

const text = new TextEncoder();

/**
 * The tenant a value is for: its `tenantId`, or for Agent CRM work (inputs that name the FMO that
 * asked for it) its `fmoTenantId`. Undefined for anything else.
 */
export function tenantOfValue(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { tenantId, fmoTenantId } = value;
  if (typeof tenantId === 'string' && tenantId !== '') return tenantId;
  if (typeof fmoTenantId === 'string' && fmoTenantId !== '') return fmoTenantId;
  return undefined;
}

/** The payload with its tenant metadata set to `tenant` (any earlier label replaced). */
export function stampTenant(payload, tenant) {
  return { ...payload, metadata: { ...payload.metadata, [TENANT_METADATA]: text.encode(tenant) } };
}

/**
 * The default JSON/binary conversion, plus the tenant a value is for stamped on its payload, so
 * the codec seals it under that tenant's key. Loaded by path (data-converter.ts), so
 * workflow bundles convert the same way as clients and workers.
 */
export const payloadConverter = {
  toPayload(value, context, hint) {
    const payload = defaultPayloadConverter.toPayload(value, context, hint);
    const tenant = tenantOfValue(value);
    return tenant === undefined ? payload : stampTenant(payload, tenant);
  },
  fromPayload(payload, context, hint) {
    return defaultPayloadConverter.fromPayload(payload, context, hint);
  },
};
