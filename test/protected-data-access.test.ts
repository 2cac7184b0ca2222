import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eventually, issueToken, shortId } from '@agencyflow/testing';
import { startCodecServer } from './support/codec-server';
import { startTestSystem, type TestSystem } from './support/system';

/**
 * X-4 who saw protected data: every answer that shows a protected field unmasked (account
 * contacts, policy members) and every codec decode is recorded in the tenant's access log on the
 * account service, on the real PostgreSQL and Kafka, and the tenant's admins list it.
 */
describe('X-4 protected-data access log', () => {
  let system: TestSystem;
  const tenantId = `pda-${shortId()}`;
  let admin: string;
  let clerk: string;
  let accountId: string;
  let contactId: string;
  const ssn = `123-45-${String(1000 + (Date.now() % 9000))}`;

  beforeAll(async () => {
    system = await startTestSystem({ withWorkflows: false });
    await Promise.all([system.account, system.policy].flatMap((s) => s.runtime.consumers).map((c) => c.ready()));
    admin = await issueToken({ tenantId, subject: 'admin-ada', groups: ['agency-admin'] });
    clerk = await issueToken({ tenantId, subject: 'clerk-cy', groups: ['agency-user'] });
    const api = request(system.account.url);
    accountId = (await api.post('/accounts').set('authorization', `Bearer ${admin}`).send({ name: 'Rivera household' }).expect(201)).body.id;
    const contact = await api
      .post(`/accounts/${accountId}/contacts`)
      .set('authorization', `Bearer ${admin}`)
      .send({ firstName: 'Ana', lastName: 'Rivera', ssn, dateOfBirth: '1950-04-03' })
      .expect(201);
    contactId = contact.body.id;
    // An answer stored with its Idempotency-Key never shows protected fields (X-4: nothing in clear at rest).
    expect(contact.text).not.toContain(ssn);
  });
  afterAll(async () => system?.stop());

  const log = (token: string, query: Record<string, string> = {}) =>
    request(system.account.url).get('/protected-data-access').query(query).set('authorization', `Bearer ${token}`);

  it('X-4 an answer showing a contact unmasked is recorded (who, which contact, which fields, when) and a masked answer is not', async () => {
    const before = Date.now();
    const shown = await request(system.account.url).get(`/contacts/${contactId}`).set('authorization', `Bearer ${admin}`).expect(200);
    expect(shown.body.ssn).toBe(ssn);
    const masked = await request(system.account.url).get(`/contacts/${contactId}`).set('authorization', `Bearer ${clerk}`).expect(200);
    expect(masked.body.ssn).not.toBe(ssn);

    const { items } = (await log(admin, { recordId: contactId }).expect(200)).body;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actor: 'admin-ada', actorTenantId: tenantId, access: 'view', source: 'account', recordType: 'contact', recordId: contactId, fields: ['ssn', 'dateOfBirth'] });
    expect(Date.parse(items[0].occurredAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(JSON.stringify(items)).not.toContain(ssn);

    // The list of an account's contacts and the account 360 are answers too.
    await request(system.account.url).get(`/accounts/${accountId}/contacts`).set('authorization', `Bearer ${admin}`).expect(200);
    await request(system.account.url).get(`/accounts/${accountId}/360`).set('authorization', `Bearer ${admin}`).expect(200);
    expect((await log(admin, { recordId: contactId, actor: 'admin-ada' }).expect(200)).body.items).toHaveLength(3);
    expect((await log(admin, { actor: 'clerk-cy' }).expect(200)).body.items).toHaveLength(0);
  });

  it('X-4 SR-1 a search page and a CSV export showing contacts unmasked are recorded (view and export), a masked export is not', async () => {
    const api = request(system.account.url);
    const viewsBefore = (await log(admin, { recordId: contactId, access: 'view' }).expect(200)).body.items.length;
    await api.post('/individuals/search').set('authorization', `Bearer ${admin}`).send({ criteria: {} }).expect(200);
    const csv = await api.post('/individuals/search/csv').set('authorization', `Bearer ${admin}`).send({ criteria: {} }).expect(200);
    expect(csv.text).toContain(ssn);
    const masked = await api.post('/individuals/search/csv').set('authorization', `Bearer ${clerk}`).send({ criteria: {} }).expect(200);
    expect(masked.text).not.toContain(ssn);

    expect((await log(admin, { recordId: contactId, access: 'view' }).expect(200)).body.items).toHaveLength(viewsBefore + 1);
    const exports = (await log(admin, { recordId: contactId, access: 'export' }).expect(200)).body.items;
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ actor: 'admin-ada', source: 'account', recordType: 'contact', fields: ['ssn', 'dateOfBirth'] });
    expect((await log(admin, { actor: 'clerk-cy' }).expect(200)).body.items).toHaveLength(0);
  });

  it("X-4 a policy answer showing members' date of birth and MBI is recorded through the policy service's event", async () => {
    const policyApi = request(system.policy.url);
    const mbi = '1EG4TE5MK73';
    // The policy service knows the account once the account service's event reached it.
    const created = await eventually(async () =>
      (
        await policyApi
          .post('/policies')
          .set('authorization', `Bearer ${admin}`)
          .send({
            accountId,
            carrier: 'Humana',
            policyNumber: `H-${shortId()}`,
            coverageType: 'medicare-advantage',
            effectiveDate: '2026-01-01',
            premium: '120.00',
            writingAgentNpn: '17234598',
            members: [{ relationship: 'policyholder', firstName: 'Ana', lastName: 'Rivera', dateOfBirth: '1950-04-03', mbi, contactId }],
          })
          .expect(201)
      ).body,
    );
    const memberId = created.members[0].id;
    expect(JSON.stringify(created)).not.toContain(mbi);
    const shown = await policyApi.get(`/policies/${created.id}`).set('authorization', `Bearer ${admin}`).expect(200);
    expect(shown.body.members[0].mbi).toBe(mbi);

    const items = await eventually(async () => {
      const page = (await log(admin, { recordId: memberId }).expect(200)).body.items;
      expect(page).toHaveLength(1);
      return page;
    });
    expect(items[0]).toMatchObject({ actor: 'admin-ada', access: 'view', source: 'policy', recordType: 'policy-member', recordId: memberId, fields: ['dateOfBirth', 'mbi'] });
  });

  it("X-4 a codec decode is recorded in the log of the tenant whose payloads it opened", async () => {
    const codecServer = startCodecServer(system.account.url);
    const codecApp = codecServer.app;
    const body = await codecServer.seal({ note: 'workflow input' }, tenantId);
    const operator = await issueToken({ tenantId, subject: 'ops-olu', groups: ['operator'] });
    await request(codecApp).post('/decode').set('authorization', `Bearer ${operator}`).send(body).expect(200);

    const { items } = (await log(admin, { access: 'decode' }).expect(200)).body;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ actor: 'ops-olu', actorTenantId: tenantId, source: 'codec-server', recordType: 'temporal-payloads', recordId: null, recordCount: 1 });
  });

  it('X-3 X-4 the log is listed with protected-data:audit only, each tenant its own; the recording route takes service credentials only', async () => {
    await log(clerk).expect(403);
    const otherAdmin = await issueToken({ tenantId: `pda-other-${shortId()}`, subject: 'admin-bo', groups: ['agency-admin'] });
    expect((await log(otherAdmin, { recordId: contactId }).expect(200)).body.items).toEqual([]);
    const forged = {
      accessId: '00000000-0000-4000-8000-000000000001',
      actor: 'someone-else',
      actorTenantId: tenantId,
      access: 'view',
      source: 'account',
      occurredAt: new Date().toISOString(),
      entries: [{ recordType: 'contact', recordId: contactId, fields: ['ssn'] }],
    };
    await request(system.account.url).post('/protected-data-access').set('authorization', `Bearer ${admin}`).send(forged).expect(403);
    expect((await log(admin, { actor: 'someone-else' }).expect(200)).body.items).toEqual([]);
  });

  it('X-5 the log refuses filters it does not know, an inverted time range and a cursor it did not answer (400 problem bodies)', async () => {
    const queries: Array<Record<string, string>> = [{ who: 'x' }, { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, { before: 'not-a-cursor' }, { access: 'peek' }];
    for (const query of queries) {
      const res = await log(admin, query);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
