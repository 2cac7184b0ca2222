import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '@agencyflow/account-service';
import { policyService } from '@agencyflow/policy-service';

/**
 * input that used to answer 500 (or start work that could only fail) gets a 4xx problem body
 * and writes nothing: NUL characters, year 0000, bodies and paths the parser or router cannot
 * read, absurdly deep bodies; and a stored value whose key left the ring does not break a view.
 */
describe('bad input is refused with a problem body and writes nothing', () => {
  let account: TestService;
  let policy: TestService;
  let token: string;
  const tenantId = `bad-input-${shortId()}`;

  beforeAll(async () => {
    const prefix = `t${shortId()}.`;
    [account, policy] = await Promise.all([
      startTestService(accountService, { prefix, start: false }),
      startTestService(policyService, { prefix, start: false }),
    ]);
    token = await issueToken({ tenantId, groups: ['agency-admin', 'fmo-admin'], permissions: ['accounts:edit', 'accounts:view', 'policies:edit', 'policies:view', 'protected-data:view'] });
  });
  afterAll(async () => Promise.all([account?.stop(), policy?.stop()]));

  const auth = () => ({ authorization: `Bearer ${token}` });
  const counts = async () => {
    const [a] = await account.database.sql<{ accounts: number; contacts: number; outbox: number; keys: number; businesses: number }[]>`
      select (select count(*)::int from accounts) as accounts, (select count(*)::int from contacts) as contacts,
        (select count(*)::int from outbox) as outbox, (select count(*)::int from idempotency_keys) as keys,
        (select count(*)::int from agent_crm_businesses) as businesses`;
    const [p] = await policy.database.sql<{ policies: number; outbox: number }[]>`
      select (select count(*)::int from policies) as policies, (select count(*)::int from outbox) as outbox`;
    return { ...a!, policies: p!.policies, policyOutbox: p!.outbox };
  };
  const expectProblem = (res: request.Response, status: number) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status });
  };
  const newAccount = async () => (await request(account.runtime.app).post('/accounts').set(auth()).send({ name: 'Rivera household' }).expect(201)).body as { id: string };

  it('X-5 a NUL character in a text field, a custom-field value, a key or a query parameter is a 400 naming the field', async () => {
    const { id } = await newAccount();
    const before = await counts();
    const api = request(account.runtime.app);
    const refused = [
      await api.post('/accounts').set(auth()).send({ name: 'Rivera\u0000 household' }),
      await api.patch(`/accounts/${id}`).set(auth()).send({ name: 'x\u0000' }),
      await api.post(`/accounts/${id}/contacts`).set(auth()).send({ firstName: 'Maria', lastName: 'Rivera', customFields: { note: 'a\u0000b' } }),
      await api.post(`/accounts/${id}/contacts`).set(auth()).send({ firstName: 'Maria', lastName: 'Rivera', customFields: { 'no\u0000te': 'ab' } }),
      await api.get('/accounts').query({ status: 'active\u0000' }).set(auth()),
      await api.post('/agent-crm/businesses').set(auth()).send({ name: 'Agency\u0000', kind: 'agent', policySyncEnabled: false, users: [{ name: 'A', email: 'a@x.example', npn: '123' }] }),
    ];
    for (const res of refused) expectProblem(res, 400);
    expect(refused[0]!.body.errors[0]).toMatchObject({ path: 'body.name', message: expect.stringMatching(/NUL/) });
    expect(refused[2]!.body.errors[0].path).toBe('body.customFields.note');
    expect(await counts()).toEqual(before);
  });

  it('X-5 the year 0000 in a date field or a date query parameter is a 400, not a database error', async () => {
    const { id } = await newAccount();
    const before = await counts();
    const api = request(account.runtime.app);
    expectProblem(await api.post(`/accounts/${id}/contacts`).set(auth()).send({ firstName: 'Maria', lastName: 'Rivera', dateOfBirth: '0000-01-01' }), 400);
    expectProblem(await api.post(`/accounts/${id}/contacts`).set(auth()).send({ firstName: 'Maria', lastName: 'Rivera', medicarePartAEffectiveDate: '0000-06-01' }), 400);
    expectProblem(await api.get('/accounts').query({ before: '0000-01-01T00:00:00Z' }).set(auth()), 400);
    expectProblem(
      await request(policy.runtime.app).post('/policies').set(auth()).send({
        accountId: id, carrier: 'Humana', policyNumber: `Y0-${shortId()}`, coverageType: 'medicare-advantage',
        effectiveDate: '0000-01-01', premium: '0.00', writingAgentNpn: '17234598',
      }),
      400,
    );
    expect(await counts()).toEqual(before);
  });

  it('X-5 a body that does not decode under its Content-Encoding and a path with malformed percent-encoding are 4xx problems', async () => {
    const before = await counts();
    const api = request(account.runtime.app);
    const garbled = await api.post('/accounts').set(auth()).set('content-type', 'application/json').set('content-encoding', 'gzip').send('{"name":"not gzip"}');
    expect(garbled.status).toBeGreaterThanOrEqual(400);
    expect(garbled.status).toBeLessThan(500);
    expect(garbled.headers['content-type']).toMatch(/application\/problem\+json/);
    expectProblem(await api.get('/accounts/%zz').set(auth()), 400);
    expectProblem(await request(policy.runtime.app).get('/policies/%E0%A4%A').set(auth()), 400);
    expect(await counts()).toEqual(before);
  });

  it('X-5 a body nested 5,000 levels deep on a keyed route is a 400, and the key is not taken', async () => {
    const before = await counts();
    const deep = `${'{"d":'.repeat(5000)}"bottom"${'}'.repeat(5000)}`;
    const res = await request(account.runtime.app)
      .post('/accounts')
      .set({ ...auth(), 'idempotency-key': `deep-${shortId()}`, 'content-type': 'application/json' })
      .send(`{"name":"Deep","extra":${deep}}`);
    expectProblem(res, 400);
    expect(res.body.errors[0].message).toMatch(/nested deeper/);
    expect(await counts()).toEqual(before);
  });

  it('X-4 X-5 a protected field stored under a key no longer in the ring reads as unreadable; the view still answers', async () => {
    const { id } = await newAccount();
    const contact = (await request(account.runtime.app).post(`/accounts/${id}/contacts`).set(auth()).send({ firstName: 'Maria', lastName: 'Rivera', ssn: '123-45-6789', mbi: '1EG4-TE5-MK73' }).expect(201)).body as { id: string };
    // As a dump restored under a ring that dropped the old key would hold it.
    await account.database.sql`update contacts set ssn_enc = 'v1.retired-key.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' where id = ${contact.id}`;
    const res = await request(account.runtime.app).get(`/contacts/${contact.id}`).set(auth()).expect(200);
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ ssn: null, mbi: '1EG4TE5MK73', unreadableFields: ['ssn'] });
    const view360 = await request(account.runtime.app).get(`/accounts/${id}/360`).set(auth()).expect(200);
    expect(view360.body.contacts[0]).toMatchObject({ ssn: null, unreadableFields: ['ssn'] });
  });
});
