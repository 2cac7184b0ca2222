import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { jwtVerify } from 'jose';
import { z } from 'zod';
import { expandSecurityGroups, permissions as knownPermissions, type Permission } from '@agencyflow/contracts';
import type { Principal } from './principal';
import { problems } from './problem';

const principalClaims = z.object({
  sub: z.string().min(1),
  tenant: z.string().min(1),
  groups: z.array(z.string()).default([]),
  // Permissions this service does not know (e.g. added by a newer service) are ignored, not fatal.
  permissions: z
    .array(z.string())
    .default([])
    .transform((granted) => granted.filter((p): p is Permission => (knownPermissions as readonly string[]).includes(p))),
});
type PrincipalClaims = z.infer<typeof principalClaims>;

export interface AuthOptions {
  jwtSecret: string;
  jwtIssuer: string;
  /** API key -> claims. Keys are compared by hash, in constant time. */
  apiKeys: Record<string, unknown>;
}

function toPrincipal(claims: PrincipalClaims): Principal {
  const granted = new Set<Permission>([...claims.permissions, ...expandSecurityGroups(claims.groups)]);
  return { subject: claims.sub, tenantId: claims.tenant, permissions: granted };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Authenticates every request (401 without valid credentials): `Authorization: Bearer <JWT>`
 * (HS256; claims sub, tenant, groups, permissions) or `X-API-Key`.
 */
export function authenticate(options: AuthOptions): RequestHandler {
  const secret = new TextEncoder().encode(options.jwtSecret);
  const apiKeys = Object.entries(options.apiKeys).map(([key, claims]) => ({
    digest: digest(key),
    claims: principalClaims.parse(claims),
  }));

  return async (req: Request, _res: Response, next: NextFunction) => {
    const apiKey = req.header('x-api-key');
    if (apiKey) {
      const presented = digest(apiKey);
      const match = apiKeys.find((k) => timingSafeEqual(k.digest, presented));
      if (!match) return next(problems.unauthenticated('Unknown API key.'));
      req.principal = toPrincipal(match.claims);
      return next();
    }
    const header = req.header('authorization') ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) return next(problems.unauthenticated());
    try {
      const { payload } = await jwtVerify(token, secret, { issuer: options.jwtIssuer, algorithms: ['HS256'] });
      const claims = principalClaims.safeParse(payload);
      if (!claims.success) return next(problems.unauthenticated('The token lacks the sub or tenant claim.'));
      req.principal = toPrincipal(claims.data);
      return next();
    } catch {
      return next(problems.unauthenticated('The token is invalid or expired.'));
    }
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
