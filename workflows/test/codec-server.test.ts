import { createCipheriv, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DEV_JWT_SECRET } from '@agencyflow/config';
import { createLogger } from '@agencyflow/logger';
import { EncryptionCodec, parsePayloadKeys, stampTenant, TENANT_METADATA } from '@agencyflow/temporal';
import { issueToken, shortId } from '@agencyflow/testing';
import type { ProtectedDataAccess } from '@agencyflow/contracts';
import { createCodecServer } from '../src/worker/codec-server';
import type { DecodeAccessLog } from '../src/worker/decode-access-log';

/** The access log as the codec server sees it, kept here: what it recorded, in which tenant's log. */
const recordingLog = (recorded: Array<{ tenantId: string; access: ProtectedDataAccess }> = [], fail = false): DecodeAccessLog => ({
  async record(tenantId, access) {
    if (fail) throw new Error('account service unreachable');
    recorded.push({ tenantId, access });
  },
});

const UI_ORIGIN = 'http://127.0.0.1:8233';
const masterKey = randomBytes(32).toString('base64');
const codec = new EncryptionCodec(parsePayloadKeys(`k1:${masterKey}`, 'k1'));

const server = ({ allowUiCredentials = false, logLines, accessLog = recordingLog() }: { allowUiCredentials?: boolean; logLines?: string[]; accessLog?: DecodeAccessLog } = {}): Express =>
  createCodecServer({
    codec,
    accessLog,
    logger: logLines ? createLogger({ name: 'codec-server-test', destination: { write: (line: string) => logLines.push(line) } }) : createLogger({ name: 'codec-server-test', level: 'silent' }),
    auth: { jwtSecret: DEV_JWT_SECRET, jwtIssuer: 'agencyflow', audience: ['agencyflow-codec', 'agencyflow'], apiKeys: {} },
    uiOrigin: UI_ORIGIN,
    allowUiCredentials,
  });

/** The proto3 JSON the Temporal UI sends and expects: every bytes field in base64. */
const toJson = (payloads: Payload[]) => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  })),
});
const plain = (value: unknown, tenant?: string): Payload => {
  const payload = defaultPayloadConverter.toPayload(value)!;
  return tenant === undefined ? payload : stampTenant(payload, tenant);
};
const tenantOfJson = (p: { metadata: Record<string, string> }) => Buffer.from(p.metadata[TENANT_METADATA] ?? '', 'base64').toString('utf8');
const encodingOfJson = (p: { metadata: Record<string, string> }) => Buffer.from(p.metadata[METADATA_ENCODING_KEY]!, 'base64').toString('utf8');

/** A payload as sealed before tenant binding: the master key itself, no tenant metadata. */
function sealedBeforeTenantBinding(payload: Payload): Payload {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(masterKey, 'base64'), iv);
  const bytes = temporal.api.common.v1.Payload.encode(payload).finish();
  return {
    metadata: { [METADATA_ENCODING_KEY]: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from('k1') },
    data: Buffer.concat([iv, cipher.update(bytes), cipher.final(), cipher.getAuthTag()]),
  };
}

describe('codec server', () => {
  const canary = `ssn-${shortId()}`;
  const tenantA = `tenant-a-${shortId()}`;
  const tenantB = `tenant-b-${shortId()}`;
  const originals = [plain({ ssn: canary, name: 'Ada' }, tenantA), plain('second', tenantA)];
  /** Two payloads of tenant A, one of tenant B, one result bound to the platform, one plain (never encrypted). */
  const mixed = [plain({ tenantId: tenantA, note: 'a' }, tenantA), plain({ tenantId: tenantB, note: `b-${canary}` }, tenantB), plain({ ok: true }), plain('a-too', tenantA)];
  let encrypted: ReturnType<typeof toJson>;
  let mixedSealed: ReturnType<typeof toJson>;
  let operatorA: string;
  let platformOperator: string;
  let agent: string;
  const app = server();

  beforeAll(async () => {
    encrypted = toJson(await codec.encode(originals));
    mixedSealed = toJson([...(await codec.encode(mixed.slice(0, 4))), plain('never sealed')]);
    operatorA = await issueToken({ tenantId: tenantA, subject: 'ops-a', groups: ['operator'] });
    platformOperator = await issueToken({ tenantId: 'agencyflow-ops', subject: 'ops-platform', groups: ['platform-operator'] });
    agent = await issueToken({ tenantId: tenantA, groups: ['agency-admin'] });
  });

  const decode = (token: string, body: object, target = app) => request(target).post('/decode').set('authorization', `Bearer ${token}`).send(body);

  it('X-3 decode without credentials answers 401 with a problem body and no payload', async () => {
    const res = await request(app).post('/decode').send(encrypted);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthenticated' });
    expect(res.text).not.toContain(canary);
  });

  it('X-3 decode with a token lacking system:operate answers 403 naming the permission', async () => {
    const res = await decode(agent, encrypted);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 403, permission: 'system:operate' });
    expect(res.text).not.toContain(canary);
  });

  it("X-4 an operator gets their own tenant's payloads back, in the JSON format the Temporal UI uses", async () => {
    const res = await decode(operatorA, encrypted).expect(200);
    expect(res.body).toEqual(toJson(originals));
    const [first] = res.body.payloads;
    expect(JSON.parse(Buffer.from(first.data, 'base64').toString('utf8'))).toEqual({ ssn: canary, name: 'Ada' });
  });

  it("X-4 a tenant A operator decodes A's payloads and gets B's and the platform's back unchanged, still encrypted", async () => {
    const res = await decode(operatorA, mixedSealed).expect(200);
    const [a1, b, result, a2, neverSealed] = res.body.payloads;
    expect([a1, a2]).toEqual(toJson([mixed[0]!, mixed[3]!]).payloads);
    expect(b).toEqual(mixedSealed.payloads[1]);
    expect(result).toEqual(mixedSealed.payloads[2]);
    expect([encodingOfJson(b), tenantOfJson(b)]).toEqual(['binary/encrypted', tenantB]);
    expect([encodingOfJson(result), tenantOfJson(result)]).toEqual(['binary/encrypted', 'platform']);
    expect(neverSealed).toEqual(mixedSealed.payloads[4]);
    expect(res.text).not.toContain(Buffer.from(`b-${canary}`).toString('base64').slice(0, 12));
  });

  it("X-4 a platform operator (payloads:decode-all) decodes every tenant's payloads and the platform's", async () => {
    const res = await decode(platformOperator, mixedSealed).expect(200);
    expect(res.body).toEqual(toJson([...mixed, plain('never sealed')]));
  });

  it('X-4 a payload sealed before tenant binding opens for a platform operator only', async () => {
    const legacy = toJson([sealedBeforeTenantBinding(plain({ tenantId: tenantA, note: 'old history' }))]);
    expect((await decode(operatorA, legacy).expect(200)).body).toEqual(legacy);
    expect((await decode(platformOperator, legacy).expect(200)).body).toEqual(toJson([plain({ tenantId: tenantA, note: 'old history' })]));
  });

  it("X-4 tenant B's payload relabelled as tenant A's does not open for A's operator (422), and shows nothing", async () => {
    const [sealedB] = await codec.encode([mixed[1]!]);
    const logLines: string[] = [];
    const res = await decode(operatorA, toJson([stampTenant(sealedB!, tenantA)]), server({ logLines }));
    expect(res.status).toBe(422);
    expect(res.body.type).toContain('undecodable-payload');
    expect(res.text).not.toContain(canary);
    // The attempt is audited too.
    const audit = logLines.map((line) => JSON.parse(line)).find((entry) => entry.audit === 'payload-decode');
    expect(audit).toMatchObject({ subject: 'ops-a', callerTenant: tenantA, payloads: 1, decoded: 0, refused: 0, outcome: 'undecodable' });
  });

  it('X-4 X-3 a spoofed Origin header without a token is 401, whether the UI origin may send credentials or not', async () => {
    for (const target of [app, server({ allowUiCredentials: true })]) {
      const res = await request(target).post('/decode').set('origin', UI_ORIGIN).send(encrypted);
      expect(res.status).toBe(401);
      expect(res.text).not.toContain(canary);
      expect((await request(target).post('/encode').set('origin', UI_ORIGIN).send(toJson(originals))).status).toBe(401);
    }
  });

  it('X-4 every decode writes one audit line (who, their tenant, counts, refused tenants, when) and never payload contents', async () => {
    const logLines: string[] = [];
    const audited = server({ logLines });
    await decode(operatorA, mixedSealed, audited).expect(200);
    await decode(platformOperator, mixedSealed, audited).expect(200);
    const audits = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.audit === 'payload-decode');
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      subject: 'ops-a',
      callerTenant: tenantA,
      payloads: 5,
      decoded: 2,
      refused: 2,
      refusedTenants: ['platform', tenantB].sort(),
      outcome: 'answered',
    });
    expect(Date.parse(audits[0].at)).toBeGreaterThan(Date.now() - 60_000);
    expect(audits[1]).toMatchObject({ subject: 'ops-platform', callerTenant: 'agencyflow-ops', payloads: 5, decoded: 4, refused: 0, refusedTenants: [] });
    const everything = logLines.join('\n');
    expect(everything).not.toContain(canary);
    for (const p of mixedSealed.payloads) expect(everything).not.toContain(p.data.slice(0, 16));
  });

  it('X-4 every decode is recorded, before its answer, in the access log of each tenant whose payloads it opened (who, how many, when)', async () => {
    const recorded: Array<{ tenantId: string; access: ProtectedDataAccess }> = [];
    const logged = server({ accessLog: recordingLog(recorded) });
    await decode(operatorA, mixedSealed, logged).expect(200);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      tenantId: tenantA,
      access: { actor: 'ops-a', actorTenantId: tenantA, access: 'decode', source: 'codec-server', entries: [{ recordType: 'temporal-payloads', recordId: null, fields: [], recordCount: 2 }] },
    });
    expect(Date.parse(recorded[0]!.access.occurredAt)).toBeGreaterThan(Date.now() - 60_000);
    recorded.length = 0;
    await decode(platformOperator, mixedSealed, logged).expect(200);
    const byTenant = Object.fromEntries(recorded.map((r) => [r.tenantId, r.access.entries[0]!.recordCount]));
    expect(byTenant).toEqual({ [tenantA]: 2, [tenantB]: 1, platform: 1 });
    expect(JSON.stringify(recorded)).not.toContain(canary);
  });

  it('X-4 a decode the access log cannot record answers 503 with a problem body and opens nothing', async () => {
    const res = await decode(operatorA, encrypted, server({ accessLog: recordingLog([], true) }));
    expect(res.status).toBe(503);
    expect(res.body.type).toContain('access-log-unavailable');
    expect(res.text).not.toContain(canary);
    expect(res.text).not.toContain(Buffer.from(JSON.stringify({ ssn: canary })).toString('base64').slice(0, 12));
  });

  it("X-4 encode then decode over HTTP round-trips under the caller's tenant, and the encoded body holds no plaintext", async () => {
    const auth = { authorization: `Bearer ${operatorA}` };
    // Whatever label a tenant operator's payloads carry, they are sealed as the operator's tenant.
    const sealed = await request(app).post('/encode').set(auth).send(toJson([plain({ ssn: canary }, tenantB), plain('x')])).expect(200);
    expect(sealed.body.payloads.map(tenantOfJson)).toEqual([tenantA, tenantA]);
    const raw = JSON.stringify(sealed.body.payloads.map((p: { data: string }) => Buffer.from(p.data, 'base64').toString('latin1')));
    expect(raw).not.toContain(canary);
    const opened = await request(app).post('/decode').set(auth).send(sealed.body).expect(200);
    expect(opened.body.payloads.map((p: { data: string }) => JSON.parse(Buffer.from(p.data, 'base64').toString('utf8')))).toEqual([{ ssn: canary }, 'x']);
    // A platform operator seals under the label a payload carries.
    const forB = await request(app).post('/encode').set('authorization', `Bearer ${platformOperator}`).send(toJson([plain('y', tenantB), plain('z')])).expect(200);
    expect(forB.body.payloads.map(tenantOfJson)).toEqual([tenantB, 'platform']);
  });

  it('X-5 a body that is not a payload list answers 400 with a problem body', async () => {
    const res = await decode(operatorA, { payloads: 'nope' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, title: 'Validation failed' });
  });

  it('answers a CORS preflight from the UI origin with 204 and the allow headers; credentials only when allowed', async () => {
    const preflight = (target: Express, origin = UI_ORIGIN) =>
      request(target).options('/decode').set('origin', origin).set('access-control-request-method', 'POST').set('access-control-request-headers', 'content-type, authorization');
    const res = await preflight(app);
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toContain('authorization');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect((await preflight(server({ allowUiCredentials: true }))).headers['access-control-allow-credentials']).toBe('true');

    const foreign = await preflight(server({ allowUiCredentials: true }), 'http://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(foreign.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('X-5 a payload under an unknown key answers 422 with a problem body, not 500', async () => {
    const otherCodec = new EncryptionCodec(parsePayloadKeys(`retired:${randomBytes(32).toString('base64')}`, 'retired'));
    const foreign = toJson(await otherCodec.encode(originals));
    const res = await decode(operatorA, foreign);
    expect(res.status).toBe(422);
    expect(res.body.type).toContain('undecodable-payload');
    expect(res.body.detail).toContain('retired');
  });
});
