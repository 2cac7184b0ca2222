import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAttributeNames } from '@agencyflow/contracts';
import { testEnvironment } from '@agencyflow/testing';
import { ensureSearchAttributes, missingSearchAttributes, parseSearchAttributeList, temporalConnectionOptions } from '../src';

/** Temporal connections for real clusters through the SDK's environment configuration (decision 0035). */
const dir = mkdtempSync(path.join(tmpdir(), 'temporal-connection-'));
const file = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('temporalConnectionOptions', () => {
  it('is the address alone for the local dev server', () => {
    expect(temporalConnectionOptions({ TEMPORAL_ADDRESS: '127.0.0.1:7233', TEMPORAL_NAMESPACE: 'default' })).toEqual({ address: '127.0.0.1:7233' });
  });

  it('Temporal Cloud with an API key: the key, over TLS', () => {
    expect(temporalConnectionOptions({ TEMPORAL_ADDRESS: 'ns.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'an-api-key' })).toEqual({
      address: 'ns.a1b2c.tmprl.cloud:7233',
      apiKey: 'an-api-key',
      tls: true,
    });
  });

  it('mTLS to a self-hosted cluster: the client certificate pair, the private CA and the server name, read from the mounted files', () => {
    const cert = file('tls.crt', 'CLIENT CERT');
    const key = file('tls.key', 'CLIENT KEY');
    const ca = file('ca.crt', 'PRIVATE CA');
    const options = temporalConnectionOptions({
      TEMPORAL_ADDRESS: 'temporal-frontend.temporal.svc:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
      TEMPORAL_TLS_CLIENT_KEY_PATH: key,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: ca,
      TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend',
    });
    expect(options.address).toBe('temporal-frontend.temporal.svc:7233');
    const tls = options.tls as { clientCertPair: { crt: Buffer; key: Buffer }; serverRootCACertificate: Buffer; serverNameOverride: string };
    expect(Buffer.from(tls.clientCertPair.crt).toString()).toBe('CLIENT CERT');
    expect(Buffer.from(tls.clientCertPair.key).toString()).toBe('CLIENT KEY');
    expect(Buffer.from(tls.serverRootCACertificate).toString()).toBe('PRIVATE CA');
    expect(tls.serverNameOverride).toBe('temporal-frontend');
  });

  it('reads a profile of a named TEMPORAL_CONFIG_FILE, the settings overriding it', () => {
    const config = file('temporal.toml', '[profile.prod]\naddress = "from-file:7233"\nnamespace = "prod"\napi_key = "key-from-file"\n');
    expect(temporalConnectionOptions({ TEMPORAL_ADDRESS: 'from-env:7233', TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'prod' })).toEqual({
      address: 'from-env:7233',
      apiKey: 'key-from-file',
      tls: true,
    });
  });
});

describe('search attributes', () => {
  let connection: Connection;
  const specs = parseSearchAttributeList(readFileSync(path.resolve(__dirname, '../../../infra/temporal-search-attributes.txt'), 'utf8'));
  beforeAll(async () => {
    connection = await Connection.connect({ address: testEnvironment.temporalAddress });
  });
  afterAll(() => connection.close());

  it('the list the deployment registers is the one the code uses', () => {
    expect(specs.map((s) => s.name).sort()).toEqual(Object.values(searchAttributeNames).sort());
    expect(() => parseSearchAttributeList('TenantId Keywords')).toThrow('known type');
  });

  it('registering is idempotent, and a missing one is reported by name', async () => {
    expect(await ensureSearchAttributes(connection, testEnvironment.temporalNamespace, specs)).toEqual([]);
    expect(await missingSearchAttributes(connection, testEnvironment.temporalNamespace, [...specs.map((s) => s.name), 'NoSuchAttribute'])).toEqual(['NoSuchAttribute']);
  });
});
