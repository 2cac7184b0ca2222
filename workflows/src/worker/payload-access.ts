import type { Payload } from '@temporalio/common';
import type { Principal } from '@agencyflow/http';
import { isEncryptedPayload, PLATFORM_TENANT, stampTenant, tenantOfPayload } from '@agencyflow/temporal';

/**
 * Which Temporal payloads an operator may see decoded. A payload is bound to the tenant in
 * its clear metadata; one sealed before tenant binding names none and counts as the platform's,
 * since whose it is cannot be told without opening it.
 */
export const sealedTenantOf = (payload: Payload): string => tenantOfPayload(payload) ?? PLATFORM_TENANT;

const decodesAll = (caller: Principal) => caller.permissions.has('payloads:decode-all');

/** The caller's own tenant, or any with `payloads:decode-all`. The platform tenant is never a caller's own. */
export const mayDecode = (caller: Principal, tenant: string): boolean =>
  decodesAll(caller) || (tenant !== PLATFORM_TENANT && tenant === caller.tenantId);

export interface DecodePlan {
  /** Indexes of the sealed payloads the caller may open. */
  open: number[];
  /** The tenants of the sealed payloads the caller may not open (they go back still encrypted). */
  refused: string[];
}

export function planDecode(caller: Principal, payloads: Payload[]): DecodePlan {
  const plan: DecodePlan = { open: [], refused: [] };
  payloads.forEach((payload, index) => {
    if (!isEncryptedPayload(payload)) return;
    const tenant = sealedTenantOf(payload);
    if (mayDecode(caller, tenant)) plan.open.push(index);
    else plan.refused.push(tenant);
  });
  return plan;
}

/**
 * What the codec seals for a caller of /encode: an operator's payloads always under their own
 * tenant (whatever label they carry, so nobody seals data as another tenant's); a platform
 * operator's under the label they carry, or the platform's.
 */
export const bindForEncode = (caller: Principal, payloads: Payload[]): Payload[] =>
  decodesAll(caller) ? payloads : payloads.map((payload) => stampTenant(payload, caller.tenantId));
