import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';
import { DEV_JWT_SECRET } from '@agencyflow/config';
import { createLogger } from '@agencyflow/logger';
import { issueToken } from '@agencyflow/testing';
import { authenticate, createBaseApp, finishApp, principalOf, requirePermission, type IdentityProvider } from '../src';

const ISSUER = 'https://login.agencyflow.test/';
const options = { logger: createLogger({ name: 'idp-auth-test', level: 'silent' }), bodyLimit: '1kb' };

/** One route needing `policies:view` that answers with the principal it saw. */
function appTrusting(identityProvider?: IdentityProvider) {
  const app = createBaseApp(options);
  const auth = authenticate({ jwtSecret: DEV_JWT_SECRET, jwtIssuer: 'agencyflow', audience: ['agencyflow-policy', 'agencyflow'], apiKeys: {}, identityProvider });
  app.get('/policies', auth, requirePermission('policies:view'), (req, res) => {
    const { subject, tenantId, permissions } = principalOf(req);
    res.json({ subject, tenantId, permissions: [...permissions].sort() });
  });
  return finishApp(app, options);
}

interface SigningKey {
  alg: 'ES256' | 'RS256';
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

const signingKey = async (alg: SigningKey['alg'], kid: string): Promise<SigningKey> => ({ alg, kid, ...(await generateKeyPair(alg)) });

/** A token as an identity provider issues it: the platform's claim shape, its own key and issuer. */
const providerToken = (
  key: SigningKey,
  { aud = 'agencyflow', iss = ISSUER, exp = '1h' as string | number, iat = undefined as number | undefined, claims = {} as Record<string, unknown> } = {},
) =>
  new SignJWT({ tenant: 'tenant-idp', groups: ['agency-user'], ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setSubject('ada@idp')
    .setIssuer(iss)
    .setAudience(aud)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey);

describe('identity-provider tokens (RS256/ES256 through a JWKS)', () => {
  let jwks: Server;
  let es256: SigningKey;
  let rs256: SigningKey;
  let app: ReturnType<typeof appTrusting>;
  const status = async (token: string, target = app) => (await request(target).get('/policies').set('authorization', `Bearer ${token}`)).status;

  beforeAll(async () => {
    es256 = await signingKey('ES256', 'es-1');
    rs256 = await signingKey('RS256', 'rs-1');
    const keys: JWK[] = await Promise.all(
      [es256, rs256].map(async ({ alg, kid, publicKey }) => ({ ...(await exportJWK(publicKey)), alg, kid, use: 'sig' })),
    );
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    app = appTrusting({ jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`, issuer: ISSUER });
  });
  afterAll(() => new Promise<void>((resolve) => jwks?.close(() => resolve())));

  it('X-3 X-4 an ES256 and an RS256 token from the provider authenticate with the same claim shape as local tokens', async () => {
    for (const key of [es256, rs256]) {
      const res = await request(app).get('/policies').set('authorization', `Bearer ${await providerToken(key)}`).expect(200);
      expect(res.body).toEqual({ subject: 'ada@idp', tenantId: 'tenant-idp', permissions: ['accounts:edit', 'accounts:view', 'individuals:edit', 'policies:view'] });
    }
    // Local HS256 tokens still work beside them.
    expect(await status(await issueToken({ tenantId: 'tenant-1', groups: ['agency-user'] }))).toBe(200);
  });

  it('X-3 a provider token is a user\'s: its permissions claim counts for nothing, even marked as a service token', async () => {
    const token = await providerToken(es256, { claims: { groups: [], permissions: ['policies:view'], svc: true } });
    const res = await request(app).get('/policies').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ permission: 'policies:view' });
  });

  it('X-3 X-4 a provider token for another audience, expired, too old or from another issuer gets 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      await providerToken(es256, { aud: 'agencyflow-account' }),
      await providerToken(rs256, { aud: 'someone-else' }),
      await providerToken(es256, { exp: now - 120 }),
      await providerToken(rs256, { iat: now - 25 * 3600, exp: now + 3600 }),
      await providerToken(es256, { iss: 'agencyflow' }),
    ]) {
      expect(await status(token)).toBe(401);
    }
  });

  it('X-3 X-4 alg none, and an HS256 token signed with the provider\'s public key, get 401', async () => {
    const unsigned = new UnsecuredJWT({ tenant: 'tenant-idp', groups: ['agency-user'] })
      .setSubject('ada@idp')
      .setIssuer(ISSUER)
      .setAudience('agencyflow')
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    expect(await status(unsigned)).toBe(401);

    // The classic confusion: the public key (which anyone can fetch) used as an HMAC secret.
    const publicPem = new TextEncoder().encode(await exportSPKI(rs256.publicKey));
    const publicJwk = new TextEncoder().encode(JSON.stringify(await exportJWK(rs256.publicKey)));
    for (const [secret, iss] of [
      [publicPem, ISSUER],
      [publicPem, 'agencyflow'],
      [publicJwk, ISSUER],
    ] as const) {
      const forged = await new SignJWT({ tenant: 'tenant-idp', groups: ['agency-user'] })
        .setProtectedHeader({ alg: 'HS256', kid: rs256.kid })
        .setSubject('ada@idp')
        .setIssuer(iss)
        .setAudience('agencyflow')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(secret);
      expect(await status(forged)).toBe(401);
    }
  });

  it('X-3 a token signed by a key the provider does not publish, or any provider token where none is configured, gets 401', async () => {
    const stranger = await signingKey('ES256', 'es-1');
    expect(await status(await providerToken(stranger))).toBe(401);
    expect(await status(await providerToken(es256), appTrusting())).toBe(401);
  });
});
