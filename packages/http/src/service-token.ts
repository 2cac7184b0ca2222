import { SignJWT } from 'jose';
import type { Permission } from '@agencyflow/contracts';

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
