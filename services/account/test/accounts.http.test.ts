import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { count, eq } from 'drizzle-orm';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';
import { accounts, outbox } from '../src/db/schema';

/** Component tests: the account service's HTTP API against a real PostgreSQL database. */
describe('account service HTTP API', () => {
  let service: TestService;
  let editor: string;
  const tenantId = `tenant-${shortId()}`;
  const api = () => request(service.runtime.app);

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false });
    editor = await issueToken({ tenantId, groups: ['agency-admin'] });
  });
  afterAll(async () => service?.stop());

  const rowCounts = async () => {
    const { db } = service.database;
    const [a] = await db.select({ n: count() }).from(accounts);
    const [o] = await db.select({ n: count() }).from(outbox);
    return { accounts: a!.n, outbox: o!.n };
  };

  it('X-2 creating an account writes the account and its outbox event in one transaction', async () => {
    const res = await api().post('/accounts').set('authorization', `Bearer ${editor}`).send({ name: 'Rivera household' }).expect(201);
    expect(res.body).toMatchObject({ name: 'Rivera household', status: 'prospect' });
    const { db } = service.database;
    const [event] = await db.select().from(outbox).where(eq(outbox.messageKey, res.body.id)).orderBy(outbox.seq);
    expect(event!.topic).toBe('account.events');
    expect(event!.envelope).toMatchObject({
      type: 'account.account-created',
      version: 1,
      tenantId,
      aggregateId: res.body.id,
      data: { accountId: res.body.id, name: 'Rivera household', status: 'prospect' },
    });
  });

  it('another tenant’s account answers 404, indistinguishable from a missing one', async () => {
    const created = await api().post('/accounts').set('authorization', `Bearer ${editor}`).send({ name: 'Mine' }).expect(201);
    const stranger = await issueToken({ tenantId: `other-${shortId()}`, groups: ['agency-admin'] });
    const theirs = await api().get(`/accounts/${created.body.id}`).set('authorization', `Bearer ${stranger}`);
    const missing = await api().get(`/accounts/${crypto.randomUUID()}`).set('authorization', `Bearer ${stranger}`);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({ ...missing.body, instance: theirs.body.instance });
    await api().get(`/accounts/${created.body.id}`).set('authorization', `Bearer ${editor}`).expect(200);
  });

  describe('X-5 bad input gets a 4xx problem body and writes nothing', () => {
    const cases: Array<[string, (r: request.Test) => request.Test, number, string]> = [
      ['malformed JSON', (r) => r.set('content-type', 'application/json').send('{"name": '), 400, 'malformed-json'],
      ['an unknown field', (r) => r.send({ name: 'A', ssn: '123-45-6789' }), 400, 'validation-failed'],
      ['a missing field', (r) => r.send({}), 400, 'validation-failed'],
      ['an oversized body', (r) => r.send({ name: 'x'.repeat(1_100_000) }), 413, 'payload-too-large'],
      ['a non-JSON body', (r) => r.set('content-type', 'text/plain').send('name=A'), 415, 'unsupported-media-type'],
    ];
    for (const [what, build, status, slug] of cases) {
      it(`${what} -> ${status}`, async () => {
        const before = await rowCounts();
        const res = await build(api().post('/accounts').set('authorization', `Bearer ${editor}`));
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status, type: `https://agencyflow.dev/problems/${slug}` });
        expect(await rowCounts()).toEqual(before);
      });
    }

    it('an unknown field is named in the problem body', async () => {
      const res = await api().post('/accounts').set('authorization', `Bearer ${editor}`).send({ name: 'A', colour: 'red' });
      expect(res.body.errors[0].message).toMatch(/colour/);
    });

    it('X-3 missing credentials -> 401, missing permission -> 403, nothing written', async () => {
      const before = await rowCounts();
      const anonymous = await api().post('/accounts').send({ name: 'A' });
      expect(anonymous.status).toBe(401);
      const viewer = await issueToken({ tenantId, permissions: ['accounts:view'] });
      const forbidden = await api().post('/accounts').set('authorization', `Bearer ${viewer}`).send({ name: 'A' });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.permission).toBe('accounts:edit');
      expect(await rowCounts()).toEqual(before);
    });

    it('a malformed account id -> 400, not 500', async () => {
      const res = await api().get('/accounts/not-a-uuid').set('authorization', `Bearer ${editor}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('path.accountId');
    });
  });

  it('X-5 the same Idempotency-Key creates the account once; reusing it for another body is refused', async () => {
    const key = `acc-${shortId()}`;
    const send = (name: string) =>
      api().post('/accounts').set('authorization', `Bearer ${editor}`).set('idempotency-key', key).send({ name });
    const first = await send('Once');
    const again = await send('Once');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const { db } = service.database;
    const [row] = await db.select({ n: count() }).from(accounts).where(eq(accounts.name, 'Once'));
    expect(row!.n).toBe(1);
    const reused = await send('Other');
    expect(reused.status).toBe(422);
    expect(reused.body.type).toContain('idempotency-key-reused');
  });

  it('X-5 a replay carries the first answer’s Location', async () => {
    const key = `loc-${shortId()}`;
    const send = () => api().post('/accounts').set('authorization', `Bearer ${editor}`).set('idempotency-key', key).send({ name: 'Located' });
    const first = await send();
    const again = await send();
    expect(first.headers.location).toBe(`/accounts/${first.body.id}`);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
  });

  it('X-5 an answer lost after the effect committed: the retry is told the request was applied (409, with the account) and nothing runs twice', async () => {
    const key = `lost-${shortId()}`;
    const store = service.runtime.deps.idempotencyStore;
    const complete = store.complete;
    // The process cannot store the answer (its database connection is gone after the commit).
    store.complete = async () => {
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    };
    const send = () => api().post('/accounts').set('authorization', `Bearer ${editor}`).set('idempotency-key', key).send({ name: 'Lost answer' });
    try {
      expect((await send()).status).toBe(500);
    } finally {
      store.complete = complete;
    }
    const retry = await send();
    expect(retry.status).toBe(409);
    expect(retry.body.type).toContain('idempotent-request-applied');
    const { db } = service.database;
    const created = await db.select().from(accounts).where(eq(accounts.name, 'Lost answer'));
    expect(created).toHaveLength(1);
    expect(retry.body.aggregateId).toBe(created[0]!.id);
  });

  it('X-5 a claim whose process died before any effect is taken over once its lease has run out', async () => {
    const key = `dead-${shortId()}`;
    const send = () => api().post('/accounts').set('authorization', `Bearer ${editor}`).set('idempotency-key', key).send({ name: 'Taken over' });
    const { sql } = service.database;
    // A claim as a request leaves it when its process dies right after claiming the key (the key's
    // row with this request's hash, no effect, no answer): made by a request, then rolled back to that.
    expect((await send()).status).toBe(201);
    await sql`delete from accounts where name = 'Taken over'`;
    await sql`update idempotency_keys set status_code = null, response_body = null, effect_at = null, lease_until = now() + interval '1 minute' where key = ${key}`;
    expect((await send()).status).toBe(409); // still leased: in progress
    await sql`update idempotency_keys set lease_until = now() - interval '1 second' where key = ${key}`;
    const retry = await send();
    expect(retry.status).toBe(201);
    const { db } = service.database;
    expect(await db.select().from(accounts).where(eq(accounts.name, 'Taken over'))).toHaveLength(1);
  });
});
