import { SignJWT } from 'jose';
import { DEV_JWT_SECRET, PLATFORM_AUDIENCE } from '@agencyflow/config';
import type { Permission } from '@agencyflow/contracts';

export interface TokenClaims {
  tenantId: string;
  subject?: string;
  permissions?: Permission[];
  groups?: string[];
  expiresIn?: string;
  /** Default: the platform's, accepted by every deployable. */
  audience?: string;
}

/** A JWT the services accept with their default (development) settings. */
export async function issueToken({ tenantId, subject = 'user-1', permissions = [], groups = [], expiresIn = '1h', audience = PLATFORM_AUDIENCE }: TokenClaims) {
  return new SignJWT({ tenant: tenantId, permissions, groups })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer('agencyflow')
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(DEV_JWT_SECRET));
}
