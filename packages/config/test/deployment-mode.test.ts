import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  authFragment,
  ConfigError,
  DEV_FIELD_KEY,
  DEV_JWT_SECRET,
  fieldEncryptionFragment,
  httpFragment,
  loadConfig,
  modeFragment,
  payloadKeysFragment,
} from '../src';

const schema = z.object({
  ...modeFragment,
  ...httpFragment(3001),
  ...payloadKeysFragment,
  ...authFragment,
  ...fieldEncryptionFragment,
  CODEC_TRUST_UI_ORIGIN: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

const key = () => randomBytes(32).toString('base64');
/** Settings of a real deployment: every secret its own. */
const ownSecrets = () => ({
  JWT_SECRET: randomBytes(32).toString('hex'),
  PAYLOAD_KEYS: `k1:${key()}`,
  PAYLOAD_ACTIVE_KEY_ID: 'k1',
  FIELD_ENCRYPTION_KEYS: `f1:${key()}`,
  FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'f1',
  FIELD_FINGERPRINT_KEY: key(),
});

const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('development secrets are refused outside development mode', () => {
  it('X-4 with no settings (production is the default), every development secret is named and none is echoed', () => {
    const message = refusal({});
    for (const name of ['JWT_SECRET', 'PAYLOAD_KEYS', 'FIELD_ENCRYPTION_KEYS', 'FIELD_FINGERPRINT_KEY']) expect(message).toContain(name);
    expect(message).not.toContain(DEV_JWT_SECRET);
    expect(message).not.toContain(DEV_FIELD_KEY.split(':')[1]);
  });

  it('X-4 one development key left in a rotation list is still refused; so is credentialed CORS for the UI origin', () => {
    expect(refusal({ ...ownSecrets(), FIELD_ENCRYPTION_KEYS: `f1:${key()},${DEV_FIELD_KEY}` })).toContain('FIELD_ENCRYPTION_KEYS');
    expect(refusal({ ...ownSecrets(), CODEC_TRUST_UI_ORIGIN: 'true' })).toContain('CODEC_TRUST_UI_ORIGIN');
  });

  it('X-4 a deployment with secrets of its own starts, on any interface', () => {
    expect(loadConfig(schema, { ...ownSecrets(), HOST: '0.0.0.0' })).toMatchObject({ AGENCYFLOW_MODE: 'production', HOST: '0.0.0.0' });
  });

  it('X-4 development mode allows the development secrets on loopback only', () => {
    expect(loadConfig(schema, { AGENCYFLOW_MODE: 'development' })).toMatchObject({ JWT_SECRET: DEV_JWT_SECRET, HOST: '127.0.0.1' });
    expect(loadConfig(schema, { AGENCYFLOW_MODE: 'development', HOST: '::1', CODEC_TRUST_UI_ORIGIN: 'true' })).toMatchObject({ CODEC_TRUST_UI_ORIGIN: true });
    expect(refusal({ AGENCYFLOW_MODE: 'development', HOST: '0.0.0.0' })).toMatch(/HOST: development mode .* loopback/);
  });
});

describe('API keys in the configuration', () => {
  const keys = (json: string) => z.object({ API_KEYS_JSON: authFragment.API_KEYS_JSON }).safeParse({ API_KEYS_JSON: json });

  it('X-4 are stored hashed: a key in clear is a configuration error that does not repeat it', () => {
    const result = keys('{"svc-key-in-clear-0123456789":{"sub":"s","tenant":"t"}}');
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/entry 1: a key is stored hashed/);
    expect(JSON.stringify(result.error?.issues)).not.toContain('svc-key-in-clear');
    expect(keys(`{"sha256:${'ab'.repeat(32)}":{"sub":"s","tenant":"t"}}`).success).toBe(true);
  });

  it('X-5 a value that is not JSON is a readable configuration error that echoes nothing', () => {
    const message = refusal({ ...ownSecrets(), API_KEYS_JSON: '{"sha256:secret-stuff' });
    expect(message).toContain('API_KEYS_JSON: is not valid JSON');
    expect(message).not.toContain('secret-stuff');
  });
});

describe('identity-provider settings', () => {
  const development = { AGENCYFLOW_MODE: 'development' };
  const issuer = { JWT_JWKS_ISSUER: 'https://login.example.com/' };

  it('are off by default: local HS256 tokens only', () => {
    expect(loadConfig(schema, development)).toMatchObject({ JWT_JWKS_URL: undefined, JWT_JWKS_ISSUER: undefined });
  });

  it('X-3 a JWKS URL needs the issuer its tokens carry', () => {
    expect(refusal({ ...development, JWT_JWKS_URL: 'https://login.example.com/.well-known/jwks.json' })).toContain('JWT_JWKS_ISSUER: required with JWT_JWKS_URL');
    expect(loadConfig(schema, { ...development, ...issuer, JWT_JWKS_URL: 'https://login.example.com/.well-known/jwks.json' })).toMatchObject({
      JWT_JWKS_URL: 'https://login.example.com/.well-known/jwks.json',
      JWT_JWKS_ISSUER: 'https://login.example.com/',
    });
  });

  it('X-3 a JWKS URL is https, or plain http on loopback in development mode only', () => {
    expect(refusal({ ...development, ...issuer, JWT_JWKS_URL: 'http://login.example.com/jwks.json' })).toContain('JWT_JWKS_URL: must be https');
    expect(loadConfig(schema, { ...development, ...issuer, JWT_JWKS_URL: 'http://127.0.0.1:9000/jwks.json' }).JWT_JWKS_URL).toBe('http://127.0.0.1:9000/jwks.json');
    expect(refusal({ ...ownSecrets(), ...issuer, JWT_JWKS_URL: 'http://127.0.0.1:9000/jwks.json' })).toContain('JWT_JWKS_URL: must be https');
    expect(loadConfig(schema, { ...ownSecrets(), ...issuer, JWT_JWKS_URL: 'https://login.example.com/jwks.json' }).JWT_JWKS_ISSUER).toBe(issuer.JWT_JWKS_ISSUER);
    expect(refusal({ ...development, ...issuer, JWT_JWKS_URL: 'ftp://login.example.com/jwks.json' })).toContain('JWT_JWKS_URL');
  });
});
