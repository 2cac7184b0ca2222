import type { Payload } from '@temporalio/common';
import { TENANT_METADATA } from './payload-converter';

/**
 * Which tenant a Temporal payload belongs to: clear metadata stamped by the payload
 * converter (payload-converter.js, where the label and its stamping live), kept by the codec next
 * to the ciphertext and bound into it.
 */
export { stampTenant, TENANT_METADATA, tenantOfValue } from './payload-converter';

/**
 * The reserved tenant of payloads that carry none (results, failures, anything without a tenant
 * field). It is nobody's tenant: only a caller allowed to decode every tenant's payloads opens them,
 * even if some token ever named a tenant "platform".
 */
export const PLATFORM_TENANT = 'platform';

const untext = new TextDecoder();

/** The tenant a payload's metadata names, if any. */
export function tenantOfPayload(payload: Payload): string | undefined {
  const bytes = payload.metadata?.[TENANT_METADATA];
  return bytes && bytes.length > 0 ? untext.decode(bytes) : undefined;
}
