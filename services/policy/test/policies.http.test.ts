import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { count, eq, sql } from 'drizzle-orm';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { policyService } from '../src';
import { idempotencyKeys, policies, policyMembers } from '../src/db/schema';
import { newPolicyBody, outboxCount, outboxEventsOf, seedAccount } from './support/fixtures';

/** Component tests: the policy service's policy API over HTTP against a real PostgreSQL database. */
describe('policy service: policies over HTTP', () => {
  let service: TestService;
  let editor: string; // agency-admin: policies:view, policies:edit, protected-data:view
  let viewer: string; // policies:view only
  let household: Awaited<ReturnType<typeof seedAccount>>;
  const tenantId = `tenant-${shortId()}`;
  const api = () => request(service.runtime.app);
  const as = (token: string) => ({
    get: (path: string) => api().get(path).set('authorization', `Bearer ${token}`),
    post: (path: string) => api().post(path).set('authorization', `Bearer ${token}`),
    patch: (path: string) => api().patch(path).set('authorization', `Bearer ${token}`),
    delete: (path: string) => api().delete(path).set('authorization', `Bearer ${token}`),
  });
  const create = (overrides: Record<string, unknown> = {}) => as(editor).post('/policies').send(newPolicyBody(household.accountId, overrides));

  beforeAll(async () => {
    service = await startTestService(policyService, { prefix: `t${shortId()}.`, start: false });
    editor = await issueToken({ tenantId, groups: ['agency-admin'] });
    viewer = await issueToken({ tenantId, permissions: ['policies:view'] });
    household = await seedAccount(service, tenantId);
  });
  afterAll(async () => service?.stop());

  const rowCounts = async () => {
    const { db } = service.database;
    const [p] = await db.select({ n: count() }).from(policies);
    const [m] = await db.select({ n: count() }).from(policyMembers);
    return { policies: p!.n, members: m!.n, outbox: await outboxCount(service) };
  };

  describe('PS-1 a policy and its fields', () => {
    it('PS-1 creating a policy stores carrier, number, coverage, status, dates, premium, NPN and members, and publishes policy-changed "created" at revision 1', async () => {
      const res = await create({
        policyNumber: 'H1234-567',
        premium: '129.5',
        policyholderContactId: household.primaryContactId,
        members: [
          {
            relationship: 'policyholder',
            firstName: 'Maria',
            lastName: 'Rivera',
            dateOfBirth: '1954-03-02',
            gender: 'female',
            email: 'Maria.Rivera@Example.com',
            phone: '+1 305 555 0100',
            address: { line1: '12 Ocean Dr', city: 'Miami', state: 'fl', zip: '33139' },
            mbi: '1eg4-te5-mk73',
            contactId: household.primaryContactId,
          },
          { relationship: 'spouse', firstName: 'Jose', lastName: 'Rivera', dateOfBirth: '1952-07-19', contactId: household.secondaryContactId },
        ],
      }).expect(201);

      expect(res.headers.location).toBe(`/policies/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        carrier: 'Humana',
        policyNumber: 'H1234-567',
        coverageType: 'medicare-advantage',
        status: 'pending',
        effectiveDate: '2026-01-01',
        renewalDate: '2027-01-01',
        premium: '129.50',
        writingAgentNpn: '1234567',
        accountId: household.accountId,
        policyholderContactId: household.primaryContactId,
        revision: 1,
        source: 'crm',
      });
      // The answer to a request with an Idempotency-Key may be stored: protected fields are masked.
      expect(res.body.members[0]).toMatchObject({ dateOfBirth: '****-**-**', mbi: '*******MK73' });
      const read = await as(editor).get(`/policies/${res.body.id}`).expect(200);
      expect(read.body.members).toEqual([
        expect.objectContaining({
          relationship: 'policyholder',
          dateOfBirth: '1954-03-02',
          email: 'maria.rivera@example.com',
          address: { line1: '12 Ocean Dr', city: 'Miami', state: 'FL', zip: '33139' },
          mbi: '1EG4TE5MK73', // dashes and case normalised away
        }),
        expect.objectContaining({ relationship: 'spouse', firstName: 'Jose', mbi: null, address: null }),
      ]);

      const [event] = await outboxEventsOf(service, res.body.id);
      expect(event).toMatchObject({
        type: 'policy.policy-changed',
        version: 1,
        tenantId,
        aggregateId: res.body.id,
        data: {
          policyId: res.body.id,
          revision: 1,
          change: 'created',
          status: 'pending',
          previousStatus: null,
          premium: '129.50',
          source: 'crm',
          accountId: household.accountId,
          memberContactIds: [household.primaryContactId, household.secondaryContactId].sort(),
        },
      });
      // no protected value travels in the event.
      expect(JSON.stringify(event)).not.toMatch(/1EG4TE5MK73|1954-03-02/);
    });

    it('PS-1 the policyholder defaults to the account’s primary contact', async () => {
      const res = await create().expect(201);
      expect(res.body.policyholderContactId).toBe(household.primaryContactId);
    });

    const invalid: Array<[string, Record<string, unknown>, string]> = [
      ['an NPN with letters', { writingAgentNpn: 'A123456' }, 'body.writingAgentNpn'],
      ['an NPN of 11 digits', { writingAgentNpn: '12345678901' }, 'body.writingAgentNpn'],
      ['an effective date that does not exist', { effectiveDate: '2026-02-30' }, 'body.effectiveDate'],
      ['a renewal before the effective date', { renewalDate: '2025-12-31' }, 'body.renewalDate'],
      ['a premium with 3 decimals', { premium: '10.005' }, 'body.premium'],
      ['an unknown coverage type', { coverageType: 'pet' }, 'body.coverageType'],
      ['a status other than pending or active', { status: 'archived' }, 'body.status'],
      [
        'an MBI with a forbidden letter (S)',
        { members: [{ relationship: 'policyholder', firstName: 'A', lastName: 'B', mbi: '1SG4-TE5-MK73' }] },
        'body.members.0.mbi',
      ],
      [
        'an MBI of the wrong length',
        { members: [{ relationship: 'policyholder', firstName: 'A', lastName: 'B', mbi: '1EG4TE5MK7' }] },
        'body.members.0.mbi',
      ],
      [
        'a date of birth that does not exist',
        { members: [{ relationship: 'policyholder', firstName: 'A', lastName: 'B', dateOfBirth: '1950-13-01' }] },
        'body.members.0.dateOfBirth',
      ],
      [
        'two policyholders',
        {
          members: [
            { relationship: 'policyholder', firstName: 'A', lastName: 'B' },
            { relationship: 'policyholder', firstName: 'C', lastName: 'D' },
          ],
        },
        'body.members',
      ],
    ];
    for (const [what, overrides, path] of invalid) {
      it(`PS-1 X-5 ${what} -> 400 naming ${path}, nothing written`, async () => {
        const before = await rowCounts();
        const res = await create(overrides);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.type).toBe('https://agencyflow.dev/problems/validation-failed');
        expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
        expect(await rowCounts()).toEqual(before);
      });
    }

    it('PS-1 a policy number is unique per carrier within a tenant, not across carriers or tenants', async () => {
      const first = await create({ carrier: 'Aetna', policyNumber: 'A-100' }).expect(201);
      const before = await rowCounts();
      const again = await create({ carrier: 'Aetna', policyNumber: 'A-100' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ type: 'https://agencyflow.dev/problems/policy-number-taken', carrier: 'Aetna', policyNumber: 'A-100' });
      expect(await rowCounts()).toEqual(before);

      await create({ carrier: 'Cigna', policyNumber: 'A-100' }).expect(201);
      const otherTenant = `other-${shortId()}`;
      const theirs = await seedAccount(service, otherTenant);
      const stranger = await issueToken({ tenantId: otherTenant, groups: ['agency-admin'] });
      const res = await api()
        .post('/policies')
        .set('authorization', `Bearer ${stranger}`)
        .send(newPolicyBody(theirs.accountId, { carrier: 'Aetna', policyNumber: 'A-100' }))
        .expect(201);
      expect(res.body.id).not.toBe(first.body.id);
    });

    it('PS-1 the account must be a known account of the tenant and the contacts must belong to it (422), nothing written', async () => {
      const before = await rowCounts();
      const unknown = await as(editor).post('/policies').send(newPolicyBody(randomUUID()));
      expect(unknown.status).toBe(422);
      expect(unknown.body.type).toBe('https://agencyflow.dev/problems/unknown-account');

      const otherHousehold = await seedAccount(service, tenantId);
      const wrongContact = await create({ policyholderContactId: otherHousehold.primaryContactId });
      expect(wrongContact.status).toBe(422);
      expect(wrongContact.body).toMatchObject({
        type: 'https://agencyflow.dev/problems/contact-not-in-account',
        contactIds: [otherHousehold.primaryContactId],
      });
      const wrongMember = await create({
        members: [{ relationship: 'dependent', firstName: 'Ana', lastName: 'Rivera', contactId: randomUUID() }],
      });
      expect(wrongMember.status).toBe(422);

      const otherTenant = `other-${shortId()}`;
      const theirs = await seedAccount(service, otherTenant);
      const crossTenant = await as(editor).post('/policies').send(newPolicyBody(theirs.accountId));
      expect(crossTenant.status).toBe(422);
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe('ACC-7 and the lifecycle', () => {
    it('ACC-7 activating a policy answers "Policy activated successfully" with the active policy, and publishes policy-changed "activated"', async () => {
      const created = await create().expect(201);
      const res = await as(editor).post(`/policies/${created.body.id}/activate`).expect(200);
      expect(res.body).toEqual({
        message: 'Policy activated successfully',
        policy: expect.objectContaining({ id: created.body.id, status: 'active', revision: 2 }),
      });
      const events = await outboxEventsOf(service, created.body.id);
      expect(events.map((e) => [e.data.change, e.data.revision, e.data.status, e.data.previousStatus])).toEqual([
        ['created', 1, 'pending', null],
        ['activated', 2, 'active', 'pending'],
      ]);
      expect(events[1]).toMatchObject({ data: { accountId: household.accountId, changedBy: 'user-1' } });
    });

    it('PS-1 a policy goes pending -> active -> cancelled -> active (reinstated) -> terminated -> archived, one revision and one event per step', async () => {
      const { body } = await create().expect(201);
      const steps: Array<[string, string]> = [
        ['activate', 'active'],
        ['cancel', 'cancelled'],
        ['activate', 'active'],
        ['terminate', 'terminated'],
        ['archive', 'archived'],
      ];
      for (const [action, status] of steps) {
        const res = await as(editor).post(`/policies/${body.id}/${action}`).expect(200);
        expect(res.body.policy.status).toBe(status);
      }
      const events = await outboxEventsOf(service, body.id);
      expect(events.map((e) => e.data.revision)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(events.map((e) => e.data.change)).toEqual(['created', 'activated', 'cancelled', 'activated', 'terminated', 'archived']);
    });

    const illegal: Array<[string, string[], string]> = [
      ['activating an active policy', ['activate'], 'activate'],
      ['terminating a pending policy', [], 'terminate'],
      ['activating an archived policy', ['archive'], 'activate'],
      ['cancelling a terminated policy', ['activate', 'terminate'], 'cancel'],
      ['archiving an archived policy', ['archive'], 'archive'],
    ];
    for (const [what, path, action] of illegal) {
      it(`PS-1 ${what} is an illegal transition -> 409, nothing changes`, async () => {
        const { body } = await create().expect(201);
        for (const step of path) await as(editor).post(`/policies/${body.id}/${step}`).expect(200);
        const before = await as(editor).get(`/policies/${body.id}`).expect(200);
        const eventsBefore = await outboxEventsOf(service, body.id);

        const res = await as(editor).post(`/policies/${body.id}/${action}`);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ type: 'https://agencyflow.dev/problems/illegal-transition', status: 409, currentStatus: before.body.status, action });
        expect((await as(editor).get(`/policies/${body.id}`)).body).toEqual(before.body);
        expect(await outboxEventsOf(service, body.id)).toEqual(eventsBefore);
      });
    }
  });

  describe('PATCH /policies/{id}', () => {
    it('PS-1 changing the premium and NPN bumps the revision and publishes "updated"; the same values again change nothing', async () => {
      const { body } = await create().expect(201);
      const res = await as(editor).patch(`/policies/${body.id}`).send({ premium: 140, writingAgentNpn: '7654321' }).expect(200);
      expect(res.body).toMatchObject({ premium: '140.00', writingAgentNpn: '7654321', revision: 2 });
      expect(res.headers.etag).toBe('"2"');
      const again = await as(editor).patch(`/policies/${body.id}`).send({ premium: '140.00' }).expect(200);
      expect(again.body.revision).toBe(2);
      const events = await outboxEventsOf(service, body.id);
      expect(events.map((e) => [e.data.change, e.data.revision, e.data.premium])).toEqual([
        ['created', 1, '129.50'],
        ['updated', 2, '140.00'],
      ]);
    });

    it('PS-1 If-Match with a stale revision -> 412; a renewal before the effective date -> 400; nothing written', async () => {
      const { body } = await create().expect(201);
      await as(editor).patch(`/policies/${body.id}`).send({ premium: '1.00' }).expect(200);
      const before = await rowCounts();
      const stale = await as(editor).patch(`/policies/${body.id}`).set('if-match', '"1"').send({ premium: '2.00' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ type: 'https://agencyflow.dev/problems/revision-mismatch', currentRevision: 2 });
      const badDates = await as(editor).patch(`/policies/${body.id}`).send({ renewalDate: '2025-06-01' });
      expect(badDates.status).toBe(400);
      const status = await as(editor).patch(`/policies/${body.id}`).send({ status: 'active' });
      expect(status.status).toBe(400);
      expect(await rowCounts()).toEqual(before);
      await as(editor).patch(`/policies/${body.id}`).set('if-match', '"2"').send({ premium: '2.00' }).expect(200);
    });
  });

  it('PS-1 listing filters by account, contact, status, coverage type and writing agent NPN, in pages', async () => {
    const family = await seedAccount(service, tenantId);
    const mk = (overrides: Record<string, unknown>) =>
      as(editor).post('/policies').send(newPolicyBody(family.accountId, { carrier: 'Zeta', ...overrides })).expect(201);
    const a = await mk({ policyNumber: 'Z-1', coverageType: 'dental', writingAgentNpn: '99' });
    const b = await mk({ policyNumber: 'Z-2', coverageType: 'vision', policyholderContactId: family.secondaryContactId });
    const c = await mk({
      policyNumber: 'Z-3',
      coverageType: 'dental',
      members: [{ relationship: 'dependent', firstName: 'Ana', lastName: 'Rivera', contactId: family.secondaryContactId }],
    });
    await as(editor).post(`/policies/${c.body.id}/activate`).expect(200);

    const ids = async (query: string) => (await as(viewer).get(`/policies?${query}`).expect(200)).body.items.map((p: { id: string }) => p.id);
    expect(await ids(`accountId=${family.accountId}`)).toEqual([a.body.id, b.body.id, c.body.id]);
    expect(await ids(`accountId=${family.accountId}&coverageType=dental`)).toEqual([a.body.id, c.body.id]);
    expect(await ids(`accountId=${family.accountId}&status=active`)).toEqual([c.body.id]);
    expect(await ids(`accountId=${family.accountId}&writingAgentNpn=99`)).toEqual([a.body.id]);
    expect(await ids(`contactId=${family.secondaryContactId}`)).toEqual([b.body.id, c.body.id]);

    const first = await as(viewer).get(`/policies?accountId=${family.accountId}&limit=2`).expect(200);
    expect(first.body.items.map((p: { id: string }) => p.id)).toEqual([a.body.id, b.body.id]);
    const second = await as(viewer).get(`/policies?accountId=${family.accountId}&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: c.body.id })], nextCursor: null });

    const bad = await as(viewer).get('/policies?cursor=nonsense');
    expect(bad.status).toBe(400);
    expect((await as(viewer).get('/policies?limit=500')).status).toBe(400);
  });

  it('X-4 members’ date of birth and MBI are encrypted at rest and masked without protected-data:view', async () => {
    const { body } = await create({
      members: [{ relationship: 'policyholder', firstName: 'Maria', lastName: 'Rivera', dateOfBirth: '1954-03-02', mbi: '1EG4-TE5-MK73' }],
    }).expect(201);

    const raw = await service.database.sql<Record<string, unknown>[]>`
      select m.*, p.* from policy_members m join policies p on p.id = m.policy_id where p.id = ${body.id}`;
    expect(raw).toHaveLength(1);
    const stored = JSON.stringify(raw);
    expect(stored).not.toContain('1EG4TE5MK73');
    expect(stored).not.toContain('1954-03-02');
    expect(raw[0]!.date_of_birth_enc).toMatch(/^v1\./);
    expect(raw[0]!.mbi_enc).toMatch(/^v1\./);

    const masked = await as(viewer).get(`/policies/${body.id}`).expect(200);
    expect(masked.body.members[0]).toMatchObject({ dateOfBirth: '****-**-**', mbi: '*******MK73' });
    const listed = await as(viewer).get(`/policies?accountId=${household.accountId}&limit=200`).expect(200);
    expect(JSON.stringify(listed.body)).not.toMatch(/1EG4TE5MK73|1954-03-02/);
    const revealed = await as(editor).get(`/policies/${body.id}`).expect(200);
    expect(revealed.body.members[0]).toMatchObject({ dateOfBirth: '1954-03-02', mbi: '1EG4TE5MK73' });
  });

  it('another tenant’s policy answers 404, indistinguishable from a missing one, and is never listed or changed', async () => {
    const { body } = await create().expect(201);
    const strangerTenant = `other-${shortId()}`;
    const stranger = await issueToken({ tenantId: strangerTenant, groups: ['agency-admin'] });
    const theirs = await as(stranger).get(`/policies/${body.id}`);
    const missing = await as(stranger).get(`/policies/${randomUUID()}`);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({ ...missing.body, instance: theirs.body.instance });

    const before = await rowCounts();
    expect((await as(stranger).patch(`/policies/${body.id}`).send({ premium: '1.00' })).status).toBe(404);
    expect((await as(stranger).post(`/policies/${body.id}/activate`)).status).toBe(404);
    expect((await as(stranger).delete(`/policies/${body.id}`)).status).toBe(404);
    expect((await as(stranger).get('/policies')).body.items).toEqual([]);
    expect(await rowCounts()).toEqual(before);
    expect((await as(editor).get(`/policies/${body.id}`)).body.revision).toBe(1);
  });

  it('PS-1 deleting a policy removes it with its members and publishes policy-deleted "user"', async () => {
    const { body } = await create({ members: [{ relationship: 'policyholder', firstName: 'A', lastName: 'B' }] }).expect(201);
    await as(editor).delete(`/policies/${body.id}`).expect(204);
    await as(editor).get(`/policies/${body.id}`).expect(404);
    const [members] = await service.database.db.select({ n: count() }).from(policyMembers).where(eq(policyMembers.policyId, body.id));
    expect(members!.n).toBe(0);
    const events = await outboxEventsOf(service, body.id);
    expect(events.at(-1)).toMatchObject({ type: 'policy.policy-deleted', data: { policyId: body.id, revision: 2, reason: 'user' } });
  });

  describe('X-5 bad input gets a 4xx problem body and writes nothing', () => {
    const cases: Array<[string, (r: request.Test) => request.Test, number, string]> = [
      ['malformed JSON', (r) => r.set('content-type', 'application/json').send('{"carrier": '), 400, 'malformed-json'],
      ['an unknown field', (r) => r.send({ carrier: 'A', ssn: '123-45-6789' }), 400, 'validation-failed'],
      ['a missing body', (r) => r.send({}), 400, 'validation-failed'],
      ['a non-JSON body', (r) => r.set('content-type', 'text/plain').send('carrier=A'), 415, 'unsupported-media-type'],
      ['a CSV body (only the carrier feed import reads CSV)', (r) => r.set('content-type', 'text/csv').send('carrier\nA\n'), 415, 'unsupported-media-type'],
    ];
    for (const [what, build, status, slug] of cases) {
      it(`X-5 ${what} -> ${status}`, async () => {
        const before = await rowCounts();
        const res = await build(as(editor).post('/policies'));
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status, type: `https://agencyflow.dev/problems/${slug}` });
        expect(await rowCounts()).toEqual(before);
      });
    }

    it('X-5 a malformed policy id -> 400, not 500', async () => {
      const res = await as(editor).get('/policies/not-a-uuid');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('path.policyId');
      expect((await as(editor).post('/policies/not-a-uuid/activate')).status).toBe(400);
    });

    it('X-3 missing credentials -> 401, missing permission -> 403, nothing written', async () => {
      const before = await rowCounts();
      expect((await api().post('/policies').send(newPolicyBody(household.accountId))).status).toBe(401);
      const forbidden = await as(viewer).post('/policies').send(newPolicyBody(household.accountId));
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.permission).toBe('policies:edit');
      const noView = await issueToken({ tenantId, permissions: ['accounts:view'] });
      expect((await as(noView).get('/policies')).body.permission).toBe('policies:view');
      expect(await rowCounts()).toEqual(before);
    });
  });

  it('X-5 the same Idempotency-Key creates the policy once; reusing it for another body is refused', async () => {
    const key = `pol-${shortId()}`;
    const body = newPolicyBody(household.accountId, {
      members: [{ relationship: 'policyholder', firstName: 'Maria', lastName: 'Rivera', dateOfBirth: '1954-03-02', mbi: '1EG4TE5MK73' }],
    });
    const send = (b: object) => as(editor).post('/policies').set('idempotency-key', key).send(b);
    const first = await send(body);
    const again = await send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const [row] = await service.database.db
      .select({ n: count() })
      .from(policies)
      .where(sql`${policies.policyNumber} = ${body.policyNumber}`);
    expect(row!.n).toBe(1);
    const reused = await send({ ...body, policyNumber: 'other' });
    expect(reused.status).toBe(422);
    const [stored] = await service.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    // the remembered answer holds no protected value in clear.
    expect(stored!.responseBody).toMatchObject({ id: first.body.id });
    expect(JSON.stringify(stored!.responseBody)).not.toMatch(/1EG4TE5MK73|1954-03-02/);
  });
});
