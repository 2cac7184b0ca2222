import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { DEV_JWT_SECRET } from '@agencyflow/config';
import { createLogger } from '@agencyflow/logger';
import { EncryptionCodec, parsePayloadKeys } from '@agencyflow/temporal';
import { issueToken, shortId } from '@agencyflow/testing';
import { createCodecServer } from '../src/worker/codec-server';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const codec = new EncryptionCodec(parsePayloadKeys(`k1:${randomBytes(32).toString('base64')}`, 'k1'));
const logger = createLogger({ name: 'codec-server-test', level: 'silent' });

const server = (trustUiOrigin: boolean): Express =>
  createCodecServer({
    codec,
    logger,
    auth: { jwtSecret: DEV_JWT_SECRET, jwtIssuer: 'agencyflow', audience: ['agencyflow-codec', 'agencyflow'], apiKeys: {} },
    uiOrigin: UI_ORIGIN,
    trustUiOrigin,
  });

/** The proto3 JSON the Temporal UI sends and expects: every bytes field in base64. */
const toJson = (payloads: Payload[]) => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  })),
});

describe('codec server', () => {
  const canary = `ssn-${shortId()}`;
  const originals = [defaultPayloadConverter.toPayload({ ssn: canary, name: 'Ada' })!, defaultPayloadConverter.toPayload('second')!];
  let encrypted: ReturnType<typeof toJson>;
  let operator: string;
  let agent: string;
  const app = server(false);

  beforeAll(async () => {
    encrypted = toJson(await codec.encode(originals));
    const tenantId = `tenant-${shortId()}`;
    operator = await issueToken({ tenantId, groups: ['operator'] });
    agent = await issueToken({ tenantId, groups: ['agency-admin'] });
  });

  it('X-3 decode without credentials answers 401 with a problem body and no payload', async () => {
    const res = await request(app).post('/decode').send(encrypted);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthenticated' });
    expect(res.text).not.toContain(canary);
  });

  it('X-3 decode with a token lacking system:operate answers 403 naming the permission', async () => {
    const res = await request(app).post('/decode').set('authorization', `Bearer ${agent}`).send(encrypted);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 403, permission: 'system:operate' });
    expect(res.text).not.toContain(canary);
  });

  it('X-4 an operator gets the original payloads back, in the JSON format the Temporal UI uses', async () => {
    const res = await request(app).post('/decode').set('authorization', `Bearer ${operator}`).send(encrypted).expect(200);
    expect(res.body).toEqual(toJson(originals));
    const [first] = res.body.payloads;
    expect(JSON.parse(Buffer.from(first.data, 'base64').toString('utf8'))).toEqual({ ssn: canary, name: 'Ada' });
  });

  it('X-4 encode then decode over HTTP round-trips, and the encoded body holds no plaintext', async () => {
    const auth = { authorization: `Bearer ${operator}` };
    const sealed = await request(app).post('/encode').set(auth).send(toJson(originals)).expect(200);
    const raw = JSON.stringify(sealed.body.payloads.map((p: { data: string }) => Buffer.from(p.data, 'base64').toString('latin1')));
    expect(raw).not.toContain(canary);
    const opened = await request(app).post('/decode').set(auth).send(sealed.body).expect(200);
    expect(opened.body).toEqual(toJson(originals));
  });

  it('X-5 a body that is not a payload list answers 400 with a problem body', async () => {
    const res = await request(app).post('/decode').set('authorization', `Bearer ${operator}`).send({ payloads: 'nope' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, title: 'Validation failed' });
  });

  it('trustUiOrigin lets the UI origin decode without a token, but no other origin', async () => {
    const trusting = server(true);
    const fromUi = await request(trusting).post('/decode').set('origin', UI_ORIGIN).send(encrypted).expect(200);
    expect(fromUi.body).toEqual(toJson(originals));
    expect(fromUi.headers['access-control-allow-origin']).toBe(UI_ORIGIN);

    const elsewhere = await request(trusting).post('/decode').set('origin', 'http://evil.example').send(encrypted);
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    expect(await request(trusting).post('/decode').send(encrypted).then((r) => r.status)).toBe(401);

    // Without trustUiOrigin, the UI origin alone is not a credential.
    expect(await request(app).post('/decode').set('origin', UI_ORIGIN).send(encrypted).then((r) => r.status)).toBe(401);
  });

  it('answers a CORS preflight from the UI origin with 204 and the allow headers', async () => {
    const res = await request(app)
      .options('/decode')
      .set('origin', UI_ORIGIN)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type, authorization');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toContain('authorization');

    const foreign = await request(app).options('/decode').set('origin', 'http://evil.example').set('access-control-request-method', 'POST');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('X-5 a payload under an unknown key answers 422 with a problem body, not 500', async () => {
    const otherCodec = new EncryptionCodec(parsePayloadKeys(`retired:${randomBytes(32).toString('base64')}`, 'retired'));
    const foreign = toJson(await otherCodec.encode(originals));
    const res = await request(app).post('/decode').set('authorization', `Bearer ${operator}`).send(foreign);
    expect(res.status).toBe(422);
    expect(res.body.type).toContain('undecodable-payload');
    expect(res.body.detail).toContain('retired');
  });
});
