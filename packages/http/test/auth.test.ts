import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { DEV_JWT_SECRET } from '@agencyflow/config';
import { createLogger } from '@agencyflow/logger';
import { issueToken } from '@agencyflow/testing';
import { authenticate, createBaseApp, finishApp, principalOf, requirePermission } from '../src';

const SERVICE_KEY = 'svc-key-0123456789abcdef0123456789abcdef';
const options = { logger: createLogger({ name: 'auth-test', level: 'silent' }), bodyLimit: '1kb' };

/** A tiny app: one route that needs `policies:view` and answers with the principal it saw. */
function buildApp() {
  const app = createBaseApp(options);
  const auth = authenticate({
    jwtSecret: DEV_JWT_SECRET,
    jwtIssuer: 'agencyflow',
    audience: ['agencyflow-policy', 'agencyflow'],
    // Only the key's hash is configured (X-4: no secret stored in clear).
    apiKeys: { [`sha256:${createHash('sha256').update(SERVICE_KEY).digest('hex')}`]: { sub: 'policy-service', tenant: 'tenant-1', permissions: ['policies:view'] } },
    maxTokenAge: '12h',
    clockToleranceSeconds: 30,
  });
  app.get('/policies', auth, requirePermission('policies:view'), (req, res) => {
    const { subject, tenantId, permissions } = principalOf(req);
    res.json({ subject, tenantId, permissions: [...permissions].sort() });
  });
  return finishApp(app, options);
}

const app = buildApp();
const get = (headers: Record<string, string> = {}) => request(app).get('/policies').set(headers);

const sign = (
  claims: Record<string, unknown>,
  { secret = DEV_JWT_SECRET, issuer = 'agencyflow', exp = '1h' as string | number | null, iat = undefined as number | undefined | null, aud = 'agencyflow' as string | null } = {},
) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setIssuer(issuer);
  if (iat !== null) jwt.setIssuedAt(iat);
  if (exp !== null) jwt.setExpirationTime(exp);
  if (aud !== null) jwt.setAudience(aud);
  return jwt.sign(new TextEncoder().encode(secret));
};

const expect401 = async (headers: Record<string, string>) => {
  const res = await get(headers);
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({ type: 'https://agencyflow.dev/problems/unauthenticated', title: 'Unauthenticated', status: 401 });
  return res;
};

describe('authenticate and requirePermission', () => {
  it('X-3 a request without credentials gets 401', async () => {
    await expect401({});
    await expect401({ authorization: 'Bearer' });
    await expect401({ authorization: `Basic ${Buffer.from('user:pass').toString('base64')}` });
  });

  it('X-3 a garbled, expired, wrongly signed or foreign-issuer token gets 401', async () => {
    const claims = { tenant: 'tenant-1', permissions: ['policies:view'], svc: true };
    const past = Math.floor(Date.now() / 1000) - 60;
    for (const token of [
      'not-a-jwt',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
      await sign(claims, { exp: past }),
      await sign(claims, { secret: 'another-secret-of-at-least-32-characters!' }),
      await sign(claims, { issuer: 'somebody-else' }),
    ]) {
      const res = await expect401({ authorization: `Bearer ${token}` });
      expect(res.body.detail).toBe('The token is invalid or expired.');
    }
  });

  it('X-3 a token without exp, without iat, older than the age cap, or for another audience gets 401', async () => {
    const claims = { tenant: 'tenant-1', permissions: ['policies:view'], svc: true };
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      await sign(claims, { exp: null }),
      await sign(claims, { iat: null }),
      await sign(claims, { aud: null }),
      await sign(claims, { aud: 'agencyflow-account' }),
      await sign(claims, { iat: now - 13 * 3600, exp: now + 3600 }),
    ]) {
      await expect401({ authorization: `Bearer ${token}` });
    }
  });

  it('X-3 a token for this service or the platform is accepted, with a little clock skew either way', async () => {
    const claims = { tenant: 'tenant-1', permissions: ['policies:view'], svc: true };
    const now = Math.floor(Date.now() / 1000);
    await get({ authorization: `Bearer ${await sign(claims, { aud: 'agencyflow-policy' })}` }).expect(200);
    await get({ authorization: `Bearer ${await sign(claims, { iat: now + 20 })}` }).expect(200);
    await get({ authorization: `Bearer ${await sign(claims, { exp: now - 20 })}` }).expect(200);
    await expect401({ authorization: `Bearer ${await sign(claims, { exp: now - 120 })}` });
  });

  it('X-3 a valid token without the tenant claim gets 401', async () => {
    await expect401({ authorization: `Bearer ${await sign({ permissions: ['policies:view'], svc: true })}` });
  });

  it('X-3 an unknown API key gets 401', async () => {
    const res = await expect401({ 'x-api-key': 'svc-key-guessed' });
    expect(res.body.detail).toBe('Unknown API key.');
  });

  it('X-3 a valid API key authenticates as its configured principal', async () => {
    const res = await get({ 'x-api-key': SERVICE_KEY }).expect(200);
    expect(res.body).toEqual({ subject: 'policy-service', tenantId: 'tenant-1', permissions: ['policies:view'] });
  });

  it('X-3 a valid token without the permission gets 403 naming the missing permission', async () => {
    const token = await issueToken({ tenantId: 'tenant-1', groups: ['finance-operator'] });
    const res = await get({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 403, title: 'Forbidden', permission: 'policies:view' });
    expect(res.body.detail).toContain('policies:view');
  });

  it('X-3 security groups expand into permissions, merged with those a service token carries itself', async () => {
    const token = await issueToken({ tenantId: 'tenant-7', subject: 'ada', groups: ['agency-user'], permissions: ['ams:sync'], service: true });
    const res = await get({ authorization: `Bearer ${token}` }).expect(200);
    expect(res.body).toEqual({
      subject: 'ada',
      tenantId: 'tenant-7',
      permissions: ['accounts:edit', 'accounts:view', 'ams:sync', 'individuals:edit', 'policies:view'],
    });
  });

  it('X-3 a user token\'s own permissions claim grants nothing: only a service token (svc: true) keeps its permissions', async () => {
    for (const claims of [
      { tenant: 'tenant-1', permissions: ['policies:view'] },
      { tenant: 'tenant-1', permissions: ['policies:view'], svc: false },
      { tenant: 'tenant-1', permissions: ['policies:view'], svc: 'true' },
    ]) {
      const res = await get({ authorization: `Bearer ${await sign(claims)}` });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ permission: 'policies:view' });
    }
    const user = await issueToken({ tenantId: 'tenant-1', groups: ['finance-operator'], permissions: ['policies:view'], service: false });
    expect((await get({ authorization: `Bearer ${user}` })).status).toBe(403);
    await get({ authorization: `Bearer ${await sign({ tenant: 'tenant-1', permissions: ['policies:view'], svc: true })}` }).expect(200);
  });

  it('X-3 permissions are resolved by the server\'s resolver, not read from the token', async () => {
    const seen: unknown[] = [];
    const app = createBaseApp(options);
    const auth = authenticate({
      jwtSecret: DEV_JWT_SECRET,
      jwtIssuer: 'agencyflow',
      audience: ['agencyflow'],
      apiKeys: {},
      resolvePrincipal: async (identity) => {
        seen.push(identity);
        return { subject: identity.subject, tenantId: identity.tenantId, permissions: new Set(identity.subject === 'grace' ? (['policies:view'] as const) : []) };
      },
    });
    app.get('/policies', auth, requirePermission('policies:view'), (_req, res) => {
      res.json({ ok: true });
    });
    finishApp(app, options);
    const call = async (subject: string) =>
      (await request(app).get('/policies').set('authorization', `Bearer ${await issueToken({ tenantId: 'tenant-9', subject, groups: ['agency-admin'] })}`)).status;
    expect(await call('grace')).toBe(200);
    expect(await call('ada')).toBe(403);
    expect(seen).toEqual([
      { subject: 'grace', tenantId: 'tenant-9', kind: 'user', groups: ['agency-admin'], permissions: [] },
      { subject: 'ada', tenantId: 'tenant-9', kind: 'user', groups: ['agency-admin'], permissions: [] },
    ]);
  });

  it('X-3 an unknown security group grants nothing', async () => {
    const token = await issueToken({ tenantId: 'tenant-1', groups: ['super-admin'] });
    const res = await get({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
  });
});
