import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { PLATFORM_AUDIENCE } from '@agencyflow/config';
import { isPermission, type Permission } from '@agencyflow/contracts';
import { resolveFromDefaults, type PrincipalResolver } from './permission-resolution';
import type { Identity, Principal } from './principal';
import { problems } from './problem';
import { tokenVerifier, type IdentityProvider } from './token-verifier';

const principalClaims = z.object({
  sub: z.string().min(1),
  tenant: z.string().min(1),
  groups: z.array(z.string()).default([]),
  // Permissions this service does not know (e.g. added by a newer service) are ignored, not fatal.
  permissions: z
    .array(z.string())
    .default([])
    .transform((granted) => granted.filter((p): p is Permission => isPermission(p))),
  /** A service token (decision 0024): honoured on tokens the platform signs itself only. */
  svc: z.unknown().optional().transform((value) => value === true),
});
type PrincipalClaims = z.infer<typeof principalClaims>;

export interface AuthOptions {
  jwtSecret: string;
  jwtIssuer: string;
  /** Audiences this deployable accepts: its own (e.g. `agencyflow-account`) and the platform's. */
  audience: string[];
  /** `sha256:<hex of the key>` -> claims. Only hashes are configured; a presented key is hashed and compared in constant time. */
  apiKeys: Record<string, unknown>;
  /** Oldest token accepted, by `iat` (e.g. `24h`). */
  maxTokenAge?: string;
  clockToleranceSeconds?: number;
  /** When set, RS256/ES256 tokens signed by this identity provider are accepted too (decision 0005). */
  identityProvider?: IdentityProvider;
  /**
   * Resolves the caller's permissions from its identity (X-3): a service resolves against its
   * tenants' security groups (service-kit); without one, against the groups defined in code.
   */
  resolvePrincipal?: PrincipalResolver;
}

/**
 * Who the credentials say the caller is. Service credentials (API keys, configured by the
 * operator, and platform-signed tokens marked `svc: true`) keep the permissions they carry; a
 * user's `permissions` claim is ignored (their permissions come from security groups), and an
 * identity provider's token is always a user's.
 */
function toIdentity(claims: PrincipalClaims, source: 'api-key' | 'platform' | 'identity-provider'): Identity {
  const service = source === 'api-key' || (source === 'platform' && claims.svc);
  return {
    subject: claims.sub,
    tenantId: claims.tenant,
    kind: service ? 'service' : 'user',
    groups: claims.groups,
    permissions: service ? claims.permissions : [],
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Authenticates every request (401 without valid credentials): `Authorization: Bearer <JWT>`
 * (HS256 signed here, or RS256/ES256 from the configured identity provider; claims sub, tenant,
 * groups, permissions; `exp`, `iat` and an `aud` this deployable accepts are required, with a
 * small clock tolerance and a cap on age) or `X-API-Key`. The caller's permissions are then
 * resolved on the server from its identity (`resolvePrincipal`, X-3); a resolver that cannot
 * answer (its database away) fails the request like any other dependency would.
 */
export function authenticate(options: AuthOptions): RequestHandler {
  const apiKeys = Object.entries(options.apiKeys).map(([hashed, claims]) => ({
    digest: Buffer.from(hashed.replace(/^sha256:/, ''), 'hex'),
    claims: principalClaims.parse(claims),
  }));
  const verifyToken = tokenVerifier({
    jwtSecret: options.jwtSecret,
    jwtIssuer: options.jwtIssuer,
    audience: options.audience,
    maxTokenAge: options.maxTokenAge ?? '24h',
    clockToleranceSeconds: options.clockToleranceSeconds ?? 30,
    identityProvider: options.identityProvider,
  });
  const resolve = options.resolvePrincipal ?? resolveFromDefaults;
  const admit = async (req: Request, identity: Identity, next: NextFunction) => {
    let principal: Principal;
    try {
      principal = await resolve(identity);
    } catch (error) {
      return next(error);
    }
    req.principal = principal;
    return next();
  };

  return async (req: Request, _res: Response, next: NextFunction) => {
    const apiKey = req.header('x-api-key');
    if (apiKey) {
      const presented = digest(apiKey);
      const match = apiKeys.find((k) => k.digest.length === presented.length && timingSafeEqual(k.digest, presented));
      if (!match) return next(problems.unauthenticated('Unknown API key.'));
      return admit(req, toIdentity(match.claims, 'api-key'), next);
    }
    const header = req.header('authorization') ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) return next(problems.unauthenticated());
    let identity: Identity;
    try {
      const verified = await verifyToken(token);
      const claims = principalClaims.safeParse(verified.claims);
      if (!claims.success) return next(problems.unauthenticated('The token lacks the sub or tenant claim.'));
      identity = toIdentity(claims.data, verified.signer);
    } catch {
      return next(problems.unauthenticated('The token is invalid or expired.'));
    }
    return admit(req, identity, next);
  };
}

/** 403 unless the authenticated principal holds `permission`. */
export function requirePermission(...required: Permission[]): RequestHandler {
  return (req, _res, next) => {
    const missing = required.find((p) => !req.principal?.permissions.has(p));
    return next(missing ? problems.forbidden(missing) : undefined);
  };
}

/** The authenticated principal; routes behind `authenticate` always have one. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw problems.unauthenticated();
  return req.principal;
}

/** The audience of one service's tokens, e.g. `agencyflow-policy`. */
export const serviceAudience = (service: string): string => `agencyflow-${service}`;

/** A deployable's authentication settings, from its configuration: its own audience and the platform's. */
export function authOptions(
  config: {
    JWT_SECRET: string;
    JWT_ISSUER: string;
    JWT_MAX_AGE: string;
    JWT_CLOCK_TOLERANCE_S: number;
    API_KEYS_JSON: Record<string, unknown>;
    JWT_JWKS_URL?: string;
    JWT_JWKS_ISSUER?: string;
  },
  ownAudience: string,
): AuthOptions {
  return {
    jwtSecret: config.JWT_SECRET,
    jwtIssuer: config.JWT_ISSUER,
    audience: [ownAudience, PLATFORM_AUDIENCE],
    apiKeys: config.API_KEYS_JSON,
    maxTokenAge: config.JWT_MAX_AGE,
    clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_S,
    // The loader refuses a JWKS URL without its issuer (identityProviderProblems).
    identityProvider: config.JWT_JWKS_URL && config.JWT_JWKS_ISSUER ? { jwksUrl: config.JWT_JWKS_URL, issuer: config.JWT_JWKS_ISSUER } : undefined,
  };
}
