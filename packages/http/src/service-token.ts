import { SignJWT } from 'jose';
import type { Permission } from '@agencyflow/contracts';

export interface ServiceTokenOptions {
  /** The shared signing secret (JWT_SECRET) and issuer the receiving service verifies. */
  secret: string;
  issuer: string;
  /** The calling service, e.g. `account-service`. */
  subject: string;
  tenantId: string;
  permissions: Permission[];
}

/**
 * A short-lived token one service presents to another for one internal call, for one tenant,
 * with just the permissions that call needs (e.g. `policy-sync:transfer`).
 */
export function issueServiceToken({ secret, issuer, subject, tenantId, permissions }: ServiceTokenOptions): Promise<string> {
  return new SignJWT({ tenant: tenantId, permissions, groups: [] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}
