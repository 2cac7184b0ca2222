import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';
import { accountApi, householdWithTwoContacts } from './support';

/**
 * Component tests of the account service's reads against a real PostgreSQL database: lists page
 * by a unique keyset (ARCHITECTURE "Reads page by a keyset that is unique"), the 360 views show
 * exactly the contact's or account's own rows, and every read is scoped to the caller's tenant.
 * Rows a single statement writes (bulk imports, policy sync) share created_at = now(), so some of
 * them are inserted here directly with SQL.
 */
describe('account service reads', () => {
  let service: TestService;
  const sql = () => service.database.sql;

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false });
  });
  afterAll(async () => service?.stop());

  const newTenant = async () => {
    const tenantId = `tenant-${shortId()}`;
    const token = await issueToken({ tenantId, groups: ['agency-admin'] });
    return { tenantId, token, api: accountApi(service.runtime.app, token) };
  };

  type Listed = { id: string; createdAt: string };
  /** Every page of GET /accounts, following nextBefore until it is null. */
  async function walkAccounts(api: ReturnType<typeof accountApi>, query: Record<string, string | number>) {
    const pages: Listed[][] = [];
    let before: string | undefined;
    do {
      const res = await api.raw('get', '/accounts').query({ ...query, ...(before ? { before } : {}) }).expect(200);
      pages.push(res.body.items);
      before = res.body.nextBefore ?? undefined;
      if (pages.length > 50) throw new Error('the list never ends');
    } while (before);
    return { pages, ids: pages.flat().map((a) => a.id) };
  }

  const bulkInsertAccounts = async (tenantId: string, n: number, status = 'prospect') =>
    (
      await sql()<{ id: string }[]>`
        insert into accounts (tenant_id, name, status, created_by)
        select ${tenantId}, 'Bulk ' || g, ${status}, 'seed' from generate_series(1, ${n}::int) g
        returning id`
    ).map((r) => r.id);

  describe('GET /accounts pages by (created_at, id)', () => {
    it('25 accounts created by one statement (one created_at) are each listed exactly once at limit 10', async () => {
      const { tenantId, api } = await newTenant();
      const ids = await bulkInsertAccounts(tenantId, 25);
      const [shared] = await sql()`select count(distinct created_at)::int as n from accounts where tenant_id = ${tenantId}`;
      expect(shared!.n).toBe(1);

      const { pages, ids: seen } = await walkAccounts(api, { limit: 10 });
      expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
      expect([...seen].sort()).toEqual([...ids].sort());
    });

    it('accounts created microseconds apart within one millisecond are each listed once, newest first', async () => {
      const { tenantId, api } = await newTenant();
      const rows = await sql()<{ id: string }[]>`
        insert into accounts (tenant_id, name, created_by, created_at)
        select ${tenantId}, 'Micro ' || g, 'seed', '2026-03-01T10:00:00.123Z'::timestamptz + make_interval(secs => g / 1000000.0)
        from generate_series(1, 12) g
        returning id`;
      const newestFirst = (
        await sql()<{ id: string }[]>`select id from accounts where tenant_id = ${tenantId} order by created_at desc`
      ).map((r) => r.id);

      const { ids: seen } = await walkAccounts(api, { limit: 5 });
      expect(seen).toHaveLength(rows.length);
      expect(seen).toEqual(newestFirst);
    });

    it('keeps newest-first order across pages, with the status filter, and never lists another tenant’s accounts', async () => {
      const { tenantId, api } = await newTenant();
      const other = await newTenant();
      await bulkInsertAccounts(other.tenantId, 7);
      const older = await bulkInsertAccounts(tenantId, 6);
      const inactive = await bulkInsertAccounts(tenantId, 4, 'inactive');
      const created = [];
      for (let i = 0; i < 3; i++) created.push((await api.createAccount(`Made over HTTP ${i}`).expect(201)).body.id as string);

      const all = await walkAccounts(api, { limit: 4 });
      expect(all.ids).toHaveLength(13);
      expect(new Set(all.ids).size).toBe(13);
      const times = all.pages.flat().map((a) => Date.parse(a.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // Created later, over HTTP: listed first (newest first), in reverse creation order.
      expect(all.ids.slice(0, 3)).toEqual([...created].reverse());

      const prospects = await walkAccounts(api, { limit: 4, status: 'prospect' });
      expect([...prospects.ids].sort()).toEqual([...older, ...created].sort());
      const inactives = await walkAccounts(api, { limit: 3, status: 'inactive' });
      expect([...inactives.ids].sort()).toEqual([...inactive].sort());
    });

    it('a page is answered with an opaque cursor; a date-time `before` (the older cursor) is still accepted', async () => {
      const { tenantId, api } = await newTenant();
      await bulkInsertAccounts(tenantId, 3);
      const first = await api.raw('get', '/accounts').query({ limit: 2 }).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextBefore).toMatch(/^[A-Za-z0-9_-]+$/);

      const [row] = await sql()<{ at: number }[]>`select (extract(epoch from created_at) * 1000)::float8 as at from accounts where tenant_id = ${tenantId} limit 1`;
      const at = Math.floor(row!.at);
      const after = await api.raw('get', '/accounts').query({ before: new Date(at + 1000).toISOString() }).expect(200);
      expect(after.body.items).toHaveLength(3);
      expect(after.body.nextBefore).toBeNull();
      const beforeAll = await api.raw('get', '/accounts').query({ before: new Date(at - 1000).toISOString() }).expect(200);
      expect(beforeAll.body).toEqual({ items: [], nextBefore: null });
    });

    it('X-5 a cursor this API did not return -> 400 problem', async () => {
      const { api } = await newTenant();
      for (const before of ['nonsense', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('["2026-01-01T00:00:00Z","x"]').toString('base64url')]) {
        const res = await api.raw('get', '/accounts').query({ before });
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.errors[0].path).toBe('query.before');
      }
    });
  });

  describe('ACC-9 Contact 360 policies', () => {
    const insertPolicy = async (
      tenantId: string,
      p: { accountId: string | null; holder: string | null; members: string[]; deleted?: boolean; effectiveDate?: string },
    ) => {
      const policyId = randomUUID();
      await sql()`
        insert into policy_summaries (policy_id, tenant_id, revision, deleted, account_id, policyholder_contact_id, member_contact_ids,
          carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium)
        values (${policyId}, ${tenantId}, 1, ${p.deleted ?? false}, ${p.accountId}, ${p.holder}, ${sql().array(p.members)}::uuid[],
          'Aetna', ${`A-${shortId()}`}, 'medicare-supplement', 'active', ${p.effectiveDate ?? '2026-01-01'}, '2027-01-01', '145.20')`;
      return policyId;
    };

    it('ACC-9 a contact’s 360 lists exactly its policies, as policyholder and as member, none of other contacts or tenants', async () => {
      const { tenantId, api } = await newTenant();
      const { account, primary, spouse } = await householdWithTwoContacts(api);
      const neighbour = (await api.createAccount('Neighbours').expect(201)).body;
      const other = (await api.addContact(neighbour.id, { firstName: 'Ann', lastName: 'Lee' }).expect(201)).body;

      const family = await insertPolicy(tenantId, { accountId: account.id, holder: primary.id, members: [primary.id, spouse.id], effectiveDate: '2026-01-01' });
      const spouseOwn = await insertPolicy(tenantId, { accountId: account.id, holder: spouse.id, members: [spouse.id], effectiveDate: '2026-03-01' });
      const spouseAsMemberOnly = await insertPolicy(tenantId, { accountId: account.id, holder: null, members: [spouse.id], effectiveDate: '2025-06-01' });
      await insertPolicy(tenantId, { accountId: account.id, holder: primary.id, members: [primary.id], deleted: true });
      const neighbours = await insertPolicy(tenantId, { accountId: neighbour.id, holder: other.id, members: [other.id] });
      for (let i = 0; i < 20; i++) {
        await insertPolicy(tenantId, { accountId: neighbour.id, holder: other.id, members: [other.id, randomUUID()] });
      }
      // Another tenant's rows naming these contacts are never shown (tenant filter).
      await insertPolicy(`other-${shortId()}`, { accountId: account.id, holder: primary.id, members: [primary.id, spouse.id] });

      const policiesOf = async (contactId: string) => (await api.contact360(contactId).expect(200)).body.policies as Array<{ policyId: string }>;
      expect((await policiesOf(primary.id)).map((p) => p.policyId)).toEqual([family]);
      // Newest effective date first, as in the Account 360.
      expect((await policiesOf(spouse.id)).map((p) => p.policyId)).toEqual([spouseOwn, family, spouseAsMemberOnly]);
      const neighbourPolicies = await policiesOf(other.id);
      expect(neighbourPolicies).toHaveLength(21);
      expect(neighbourPolicies.map((p) => p.policyId)).toContain(neighbours);

      expect((await policiesOf(spouse.id))[1]).toEqual({
        policyId: family,
        carrier: 'Aetna',
        policyNumber: expect.stringMatching(/^A-/),
        coverageType: 'medicare-supplement',
        status: 'active',
        effectiveDate: '2026-01-01',
        renewalDate: '2027-01-01',
        premium: '145.20',
        policyholderContactId: primary.id,
      });
    });
  });

  describe('360 views read only the caller’s tenant', () => {
    // Rows of another tenant that point at this tenant's account or contact (which the API never
    // writes, but the tenant filter must hold on every read regardless).
    it('Account 360 lists only the tenant’s own contacts of the account', async () => {
      const { api } = await newTenant();
      const { account, primary, spouse } = await householdWithTwoContacts(api);
      await sql()`
        insert into contacts (tenant_id, account_id, role, status, first_name, last_name, created_by)
        values (${`other-${shortId()}`}, ${account.id}, 'secondary', 'prospect', 'Stray', 'Row', 'seed')`;
      const view = (await api.account360(account.id).expect(200)).body;
      expect(view.contacts.map((c: { id: string }) => c.id)).toEqual([primary.id, spouse.id]);
    });

    it('Contact 360 lists only the tenant’s own deal cards and files of the contact', async () => {
      const { tenantId, api } = await newTenant();
      const { spouse } = await householdWithTwoContacts(api);
      const stranger = `other-${shortId()}`;
      const [card] = await sql()`
        insert into deal_cards (tenant_id, contact_id, title, created_by) values
          (${tenantId}, ${spouse.id}, 'Own card', 'seed'), (${stranger}, ${spouse.id}, 'Stray card', 'seed')
        returning id`;
      const [file] = await sql()`
        insert into contact_files (tenant_id, contact_id, file_name, content_type, size_bytes, sha256, content, created_by) values
          (${tenantId}, ${spouse.id}, 'own.pdf', 'application/pdf', 1, 'x', '\\x00'::bytea, 'seed'),
          (${stranger}, ${spouse.id}, 'stray.pdf', 'application/pdf', 1, 'x', '\\x00'::bytea, 'seed')
        returning id`;
      const view = (await api.contact360(spouse.id).expect(200)).body;
      expect(view.dealCards.map((c: { id: string }) => c.id)).toEqual([card!.id]);
      expect(view.files.map((f: { id: string }) => f.id)).toEqual([file!.id]);
    });

    it('a contact whose account row belongs to another tenant answers 404, never showing that account', async () => {
      const { tenantId, api } = await newTenant();
      const theirs = await newTenant();
      const foreignAccount = (await theirs.api.createAccount('Theirs').expect(201)).body;
      const [contact] = await sql()`
        insert into contacts (tenant_id, account_id, role, status, first_name, last_name, created_by)
        values (${tenantId}, ${foreignAccount.id}, 'primary', 'prospect', 'Stray', 'Row', 'seed')
        returning id`;
      const res = await api.contact360(contact!.id);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(foreignAccount.id);
    });
  });
});
