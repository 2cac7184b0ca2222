import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';
import { contacts, outbox } from '../src/db/schema';
import { accountApi, householdWithTwoContacts } from './support';

describe('contacts over HTTP (real PostgreSQL)', () => {
  let service: TestService;
  let api: ReturnType<typeof accountApi>;
  let agentApi: ReturnType<typeof accountApi>;
  const tenantId = `tenant-${shortId()}`;

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false });
    api = accountApi(service.runtime.app, await issueToken({ tenantId, groups: ['agency-admin'] }));
    agentApi = accountApi(service.runtime.app, await issueToken({ tenantId, groups: ['agency-user'] }));
  });
  afterAll(async () => service?.stop());

  it('ACC-1 the first contact is the primary, later ones secondary, and the account has exactly one primary', async () => {
    const { account, primary, spouse } = await householdWithTwoContacts(api);
    const third = (await api.addContact(account.id, { firstName: 'Ana', lastName: 'Rivera', relation: 'child' }).expect(201)).body;
    expect(primary).toMatchObject({ role: 'primary', label: 'Primary', relation: null, accountId: account.id });
    expect(spouse).toMatchObject({ role: 'secondary', label: 'Secondary', relation: 'spouse' });
    expect(third.role).toBe('secondary');
    const rows = await service.database.db.select().from(contacts).where(eq(contacts.accountId, account.id));
    expect(rows.filter((c) => c.role === 'primary')).toHaveLength(1);
    const events = await service.database.db.select().from(outbox).where(eq(outbox.messageKey, account.id)).orderBy(outbox.seq);
    expect(events.map((e) => (e.envelope as { type: string }).type)).toEqual([
      'account.account-created',
      'account.contact-added',
      'account.contact-added',
      'account.contact-added',
    ]);
  });

  it('ACC-1 contacts added concurrently to a new account still get exactly one primary', async () => {
    const account = (await api.createAccount('Concurrent').expect(201)).body;
    const added = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api.addContact(account.id, { firstName: `P${i}`, lastName: 'Race' })),
    );
    expect(added.every((r) => r.status === 201)).toBe(true);
    expect(added.filter((r) => r.body.role === 'primary')).toHaveLength(1);
  });

  it('ACC-2 a secondary contact’s relation can be set, changed and cleared; a primary has none', async () => {
    const { primary, spouse } = await householdWithTwoContacts(api);
    expect((await api.patchContact(spouse.id, { relation: 'business-partner' }).expect(200)).body.relation).toBe('business-partner');
    expect((await api.patchContact(spouse.id, { relation: null }).expect(200)).body.relation).toBeNull();
    expect((await api.patchContact(spouse.id, { relation: 'dependent' }).expect(200)).body.relation).toBe('dependent');
    const refused = await api.patchContact(primary.id, { relation: 'spouse' }).expect(400);
    expect(refused.body.errors[0].path).toBe('body.relation');
    const unknown = await api.patchContact(spouse.id, { relation: 'cousin' }).expect(400);
    expect(unknown.body.errors[0].path).toBe('body.relation');
  });

  it('X-4 protected fields are encrypted at rest and masked unless the caller may see them', async () => {
    const account = (await api.createAccount('Protected').expect(201)).body;
    const created = await api
      .addContact(account.id, {
        firstName: 'Ada',
        lastName: 'Lovelace',
        ssn: '123456789',
        dateOfBirth: '1950-12-10',
        mbi: '1eg4-te5-mk73',
        driversLicenseNumber: 'D1234567',
      })
      .expect(201);
    // The create answer is stored with its Idempotency-Key as sent, so it is masked for everyone (nothing in clear at rest).
    expect(created.body).toMatchObject({ ssn: '***-**-6789', dateOfBirth: '****-**-**', mbi: '*******MK73', driversLicenseNumber: '****4567' });
    // agency-admin holds protected-data:view: reading it back shows the values, normalised.
    const shown = (await api.getContact(created.body.id).expect(200)).body;
    expect(shown).toMatchObject({ ssn: '123-45-6789', dateOfBirth: '1950-12-10', mbi: '1EG4TE5MK73', driversLicenseNumber: 'D1234567' });
    const masked = (await agentApi.getContact(created.body.id).expect(200)).body;
    expect(masked).toMatchObject({ ssn: '***-**-6789', dateOfBirth: '****-**-**', mbi: '*******MK73', driversLicenseNumber: '****4567' });

    const [raw] = await service.database.sql`select row_to_json(c)::text as json from contacts c where id = ${created.body.id}`;
    for (const secret of ['123-45-6789', '123456789', '1950-12-10', '1EG4TE5MK73', 'D1234567']) expect(raw!.json).not.toContain(secret);
    const events = await service.database.db.select().from(outbox).where(eq(outbox.messageKey, account.id)).orderBy(outbox.seq);
    expect(JSON.stringify(events)).not.toMatch(/6789|1950-12-10|MK73|D1234567/);
  });

  it('validates identifiers and dates: MBI format, SSN format, real dates', async () => {
    const account = (await api.createAccount('Validation').expect(201)).body;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ mbi: '1SG4TE5MK73' }, 'body.mbi'], // S is never used in an MBI
      [{ mbi: '1EG4TE5MK7' }, 'body.mbi'], // 10 characters
      [{ ssn: '000-12-3456' }, 'body.ssn'],
      [{ ssn: '12345678' }, 'body.ssn'],
      [{ dateOfBirth: '1950-02-30' }, 'body.dateOfBirth'],
      [{ dateOfBirth: '2999-01-01' }, 'body.dateOfBirth'],
      [{ zip: '1234' }, 'body.zip'],
      [{ email: 'not-an-email' }, 'body.email'],
    ];
    const before = await service.database.db.select({ n: sql<number>`count(*)::int` }).from(contacts);
    for (const [fields, path] of cases) {
      const res = await api.addContact(account.id, { firstName: 'Bad', lastName: 'Input', ...fields });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const after = await service.database.db.select({ n: sql<number>`count(*)::int` }).from(contacts);
    expect(after).toEqual(before);
  });

  it('carries the full SR-4 field set, typed custom fields and a servicing agent', async () => {
    const settings = (path: string, body: object) => api.raw('post', path).send(body);
    await settings('/custom-fields', { key: 'preferred_language', label: 'Language', type: 'dropdown', options: ['English', 'Spanish'] }).expect(201);
    await settings('/custom-fields', { key: 'annual_income', label: 'Income', type: 'currency' }).expect(201);
    const agent = (await settings('/servicing-agents', { name: 'Dana Brooks', npn: '17234598', userId: 'user-dana' }).expect(201)).body;
    const account = (await api.createAccount('Full fields').expect(201)).body;
    const body = {
      firstName: 'Grace', middleName: 'B', lastName: 'Hopper', nickname: 'Amazing', title: 'Rear Admiral', recordStatus: 'active',
      email: 'Grace@Example.com', secondaryEmail: 'g2@example.com', cellPhone: '+1 212 555 0100', homePhone: '212-555-0101',
      addressType: 'home', addressLine1: '1 Navy Way', city: 'Arlington', county: 'Arlington', zip: '22201', state: 'va',
      gender: 'female', dateOfBirth: '1906-12-09', leadSource: 'referral', mbi: '1EG4TE5MK73',
      medicarePartAEffectiveDate: '1971-12-01', medicarePartBEffectiveDate: '1971-12-01', ssn: '123-45-6789',
      driversLicenseNumber: 'VA-99887766', smokerStatus: 'non-smoker',
      customFields: { preferred_language: 'Spanish', annual_income: 52000.5 }, servicingAgentId: agent.id,
    };
    const { id } = (await api.addContact(account.id, body).expect(201)).body;
    const created = (await api.getContact(id).expect(200)).body;
    expect(created).toMatchObject({ ...body, email: 'grace@example.com', state: 'VA', servicingAgentId: agent.id });
    const badCustom = await api.addContact(account.id, { firstName: 'X', lastName: 'Y', customFields: { preferred_language: 'Klingon', unknown_key: 1 } }).expect(400);
    expect(badCustom.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.customFields.preferred_language', 'body.customFields.unknown_key']);
  });

  it('another tenant’s contact answers 404 for reading, changing and deleting', async () => {
    const { spouse } = await householdWithTwoContacts(api);
    const stranger = accountApi(service.runtime.app, await issueToken({ tenantId: `other-${shortId()}`, groups: ['agency-admin'] }));
    await stranger.getContact(spouse.id).expect(404);
    await stranger.patchContact(spouse.id, { nickname: 'x' }).expect(404);
    await stranger.deleteContact(spouse.id, { confirm: 'true' }).expect(404);
    await stranger.contact360(spouse.id).expect(404);
    await api.getContact(spouse.id).expect(200);
  });
});
