import { SignJWT } from 'jose';
import { DEV_JWT_SECRET, PLATFORM_AUDIENCE } from '@agencyflow/config';
import type { Permission } from '@agencyflow/contracts';

export interface TokenClaims {
  tenantId: string;
  subject?: string;
  /** Permissions of the token's own: they count only on a service token (see `service`). */
  permissions?: Permission[];
  /** Group names, resolved by the services against the tenant's security groups. */
  groups?: string[];
  /**
   * Sign a service token (`svc: true`), the one kind whose own `permissions` count (decision
   * 0024). Default: true when `permissions` are given, so `issueToken({ permissions: [...] })` is
   * a caller with exactly those permissions; a user's token (false) gets its permissions from groups.
   */
  service?: boolean;
  expiresIn?: string;
  /** Default: the platform's, accepted by every deployable. */
  audience?: string;
}

/** A JWT the services accept with their default (development) settings. */
export async function issueToken({
  tenantId,
  subject = 'user-1',
  permissions = [],
  groups = [],
  service = permissions.length > 0,
  expiresIn = '1h',
  audience = PLATFORM_AUDIENCE,
}: TokenClaims) {
  return new SignJWT({ tenant: tenantId, permissions, groups, ...(service ? { svc: true } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer('agencyflow')
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(DEV_JWT_SECRET));
}
