import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@agencyflow/logger';
import { clientCredentialsTokens, createKafka, kafkaSecurity } from '../src';

/**
 * A Kafka client built from the managed-cluster settings (decision 0035) really speaks TLS with
 * the configured CA and offers the configured SASL mechanism: a stand-in broker (a TLS server
 * with a self-signed certificate) answers ApiVersions and records the SaslHandshake it receives.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'kafka-security-'));
const caPath = path.join(dir, 'ca.crt');
const keyPath = path.join(dir, 'ca.key');
const logger = createLogger({ name: 'test', level: 'silent' });

/** Kafka wire format: a request's api key and the raw request, as the stand-in broker saw them. */
const requests: Array<{ apiKey: number; body: Buffer }> = [];
let broker: ReturnType<typeof createTlsServer>;
let brokerPort = 0;

/** ApiVersions v1/v2 answer: no error; ApiVersions, SaslHandshake, SaslAuthenticate, Metadata at version 0-1. */
function apiVersionsResponse(correlationId: number): Buffer {
  const apis = [18, 17, 36, 3];
  const body = Buffer.alloc(4 + 2 + 4 + apis.length * 6 + 4);
  let at = body.writeInt32BE(correlationId, 0);
  at = body.writeInt16BE(0, at);
  at = body.writeInt32BE(apis.length, at);
  for (const key of apis) {
    at = body.writeInt16BE(key, at);
    at = body.writeInt16BE(0, at);
    at = body.writeInt16BE(key === 3 ? 0 : 1, at);
  }
  body.writeInt32BE(0, at);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

beforeAll(async () => {
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', keyPath, '-out', caPath], {
    encoding: 'utf8',
  });
  expect(made.status, made.stderr).toBe(0);
  broker = createTlsServer({ key: readFileSync(keyPath), cert: readFileSync(caPath) }, (socket: TLSSocket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const request = pending.subarray(4, 4 + pending.readInt32BE(0));
        pending = pending.subarray(4 + request.length);
        const apiKey = request.readInt16BE(0);
        requests.push({ apiKey, body: Buffer.from(request) });
        if (apiKey === 18) socket.write(apiVersionsResponse(request.readInt32BE(4)));
        else socket.destroy();
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => broker.listen(0, '127.0.0.1', resolve));
  brokerPort = (broker.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('Kafka clients for a managed cluster', () => {
  it('X-4 connect over TLS trusting the configured CA and offer the configured SCRAM mechanism', async () => {
    const security = kafkaSecurity({
      KAFKA_SSL_CA_PATH: caPath,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'agencyflow',
      KAFKA_SASL_PASSWORD: 'a-scram-password',
    });
    const kafka = createKafka({ brokers: [`localhost:${brokerPort}`], clientId: 'security-test', logger, ...security });
    const admin = kafka.admin({ retry: { retries: 0 } });
    // The stand-in broker ends the connection after the handshake request: connecting fails, after the client showed what it sends.
    await admin.connect().catch(() => undefined);
    await admin.disconnect();
    expect(requests.map((r) => r.apiKey)).toEqual(expect.arrayContaining([18, 17]));
    const handshake = requests.find((r) => r.apiKey === 17)!;
    expect(handshake.body.toString('latin1')).toContain('SCRAM-SHA-512');
    // The password never goes in the handshake (SCRAM proves it without sending it).
    expect(handshake.body.toString('latin1')).not.toContain('a-scram-password');
  });

  it('builds no TLS and no SASL for the local broker, and plain TLS (system CAs) for KAFKA_SSL alone', () => {
    expect(kafkaSecurity({})).toEqual({});
    expect(kafkaSecurity({ KAFKA_SSL: true })).toEqual({ ssl: true });
    expect(kafkaSecurity({ KAFKA_SSL: true, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual({
      ssl: true,
      sasl: { mechanism: 'plain', username: 'u', password: 'p' },
    });
  });
});

describe('OAUTHBEARER tokens (client-credentials grant)', () => {
  let server: HttpServer;
  let url = '';
  const seen: Array<{ authorization?: string; body: string }> = [];
  let status = 200;

  beforeAll(async () => {
    server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ authorization: req.headers.authorization, body });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? JSON.stringify({ access_token: `token-${seen.length}`, expires_in: 3600 }) : '{"error":"invalid_client","echo":"the-client-secret"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/token`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks the token endpoint with the client credentials and scope, and reuses the token until it nears expiry', async () => {
    const provider = clientCredentialsTokens({ KAFKA_OAUTH_TOKEN_URL: url, KAFKA_OAUTH_CLIENT_ID: 'agencyflow', KAFKA_OAUTH_CLIENT_SECRET: 'the-client-secret', KAFKA_OAUTH_SCOPE: 'kafka' });
    expect(await provider()).toEqual({ value: 'token-1' });
    expect(await provider()).toEqual({ value: 'token-1' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('agencyflow:the-client-secret').toString('base64')}`);
    expect(new URLSearchParams(seen[0]!.body).get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(seen[0]!.body).get('scope')).toBe('kafka');
  });

  it('X-4 fails with the status only when the endpoint refuses, echoing nothing it answered', async () => {
    status = 401;
    const provider = clientCredentialsTokens({ KAFKA_OAUTH_TOKEN_URL: url, KAFKA_OAUTH_CLIENT_ID: 'agencyflow', KAFKA_OAUTH_CLIENT_SECRET: 'the-client-secret' });
    const error = await provider().catch((e: Error) => e);
    expect(String(error)).toContain('answered 401');
    expect(String(error)).not.toContain('the-client-secret');
  });

  it('is what kafkaSecurity gives a client for KAFKA_SASL_MECHANISM=oauthbearer', () => {
    const { sasl } = kafkaSecurity({ KAFKA_SSL: true, KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_OAUTH_TOKEN_URL: url });
    expect(sasl?.mechanism).toBe('oauthbearer');
    expect(typeof (sasl as { oauthBearerProvider?: unknown }).oauthBearerProvider).toBe('function');
  });
});
