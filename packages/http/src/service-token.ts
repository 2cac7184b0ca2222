import { SignJWT } from 'jose';
import type { Permission } from '@agencyflow/contracts';
import { activeTraceHeaders } from '@agencyflow/telemetry';

export interface ServiceTokenOptions {
  /** The shared signing secret (JWT_SECRET) and issuer the receiving service verifies. */
  secret: string;
  issuer: string;
  /** The calling service, e.g. `account-service`. */
  subject: string;
  /** The receiving deployable's audience, e.g. `agencyflow-policy`: the token is good there only. */
  audience: string;
  tenantId: string;
  permissions: Permission[];
}

/**
 * A short-lived token one service presents to another for one internal call, for one tenant,
 * with just the permissions that call needs (e.g. `policy-sync:transfer`). Marked `svc: true`:
 * a service token is the one kind of token whose own permissions count (decision 0024).
 */
export function issueServiceToken({ secret, issuer, subject, audience, tenantId, permissions }: ServiceTokenOptions): Promise<string> {
  return new SignJWT({ tenant: tenantId, permissions, groups: [], svc: true })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

/**
 * One internal POST from one service to another, for one tenant, with a fresh service token that
 * carries only `permission` (the JSON body as given). The caller decides what a failure means.
 */
export async function postWithServiceToken(
  call: Omit<ServiceTokenOptions, 'permissions'> & { url: URL; permission: Permission; body: unknown; signal?: AbortSignal },
): Promise<Response> {
  const token = await issueServiceToken({ ...call, permissions: [call.permission] });
  return fetch(call.url, {
    method: 'POST',
    // The caller's trace goes on into the other service (decision 0034).
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...activeTraceHeaders() },
    body: JSON.stringify(call.body),
    ...(call.signal ? { signal: call.signal } : {}),
  });
}
