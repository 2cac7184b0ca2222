import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, ne } from 'drizzle-orm';
import request from 'supertest';
import { issueToken, shortId } from '@agencyflow/testing';
import { accounts, agentCrmBusinesses, agentCrmUsers, contacts, history } from '@agencyflow/account-service/src/db/schema';
import { startTestSystem, type TestSystem } from './support/system';
import { agentCrmApi, businessReader } from './support/agent-crm';
import { bookRows, importBook } from './support/fmo-book';
import { recordHistory } from './support/record-history';

/**
 * Agent CRM provisioning and policy sync end to end (PS-3..PS-9): HTTP on the account and
 * policy services, the provisioning and sync workflows on the real Temporal server, the
 * activities on each service's own worker, real PostgreSQL and Kafka.
 */
describe('Agent CRM provisioning with policy sync', () => {
  let system: TestSystem;
  let api: ReturnType<typeof agentCrmApi>;
  const fmo = `fmo-${shortId()}`;
  const npn = { alice: `7${shortId().replace(/\D/g, '').padEnd(6, '1').slice(0, 6)}1`, bob: '', agency: '', other: '' };
  npn.bob = `${npn.alice.slice(0, -1)}2`;
  npn.agency = `${npn.alice.slice(0, -1)}3`;
  npn.other = `${npn.alice.slice(0, -1)}4`;
  const email = (who: string) => `${who}.${shortId()}@brooks.example`;
  let book: Array<Record<string, string>> = [];

  beforeAll(async () => {
    system = await startTestSystem();
    const fmoToken = await issueToken({ tenantId: fmo, subject: 'fmo-admin-1', groups: ['fmo-admin'] });
    api = agentCrmApi(system, fmoToken);
    book = bookRows([
        { npn: npn.alice, policies: 30, spouseEvery: 3, noEmailEvery: 4 },
        { npn: npn.bob, policies: 20 },
        // The agency's principal also writes under the agency's own NPN, which is no user's.
        { npn: npn.agency, policies: 15 },
        { npn: npn.other, policies: 10 },
    ]);
    await importBook(system.policy.url, fmoToken, book);
  });

  /** What the book holds for these NPNs, counted from the rows the carrier sent. */
  const expected = (npns: string[]) => {
    const rows = book.filter((r) => npns.includes(r.writing_agent_npn!));
    return { policies: new Set(rows.map((r) => r.policy_number)).size, members: rows.length, membersWithoutEmail: rows.filter((r) => !r.email).length };
  };
  afterAll(async () => system?.stop());

  const agency = (policySyncEnabled = true, users = [
    { name: 'Alice Brooks', email: email('alice'), npn: npn.alice },
    { name: 'Bob Park', email: email('bob'), npn: npn.bob },
  ]) => ({ name: `Brooks Agency ${shortId()}`, kind: 'agency', users, policySyncEnabled, pageSize: 7 });

  it('PS-9 the preview counts what would sync (policies, members, members without email) and writes nothing', async () => {
    const res = await api.preview([npn.alice, npn.bob]).expect(200);
    expect(res.body).toMatchObject(expected([npn.alice, npn.bob]));
    const perNpn = Object.fromEntries(res.body.perNpn.map((p: { npn: string; policies: number }) => [p.npn, p.policies]));
    expect(perNpn).toEqual({ [npn.alice]: 30, [npn.bob]: 20 });
  });

  it('PS-3 PS-4 PS-5 provisioning an agency syncs exactly its users’ NPN policies, members as contacts grouped per policyholder', async () => {
    const started = await api.provision(agency()).expect(202);
    expect(started.body.workflowId).toMatch(new RegExp(`^provision-agent-crm/${fmo}/`));
    const { businessId } = started.body;
    const done = await api.settled(businessId);
    await recordHistory(started.body.workflowId, 'provision-agent-crm');
    await recordHistory(`policy-sync/${businessId}`, 'sync-agent-crm-policies');
    const { policies: total, members, membersWithoutEmail } = expected([npn.alice, npn.bob]);
    expect(done.report).toMatchObject({ state: 'completed', trigger: 'provisioning', policies: total, policiesInserted: total, members, membersWithoutEmail });
    const preview = (await api.preview([npn.alice, npn.bob]).expect(200)).body;
    expect(done.report).toMatchObject({ contacts: preview.contacts, contactsWithoutEmail: preview.contactsWithoutEmail });
    expect(done.report.perNpn).toEqual({ [npn.alice]: 30, [npn.bob]: 20 });
    expect(done.report.npns).toEqual([npn.alice, npn.bob].sort());

    const reader = businessReader(system, await issueToken({ tenantId: businessId, groups: ['agency-admin'] }));
    const policies = await reader.policies();
    expect(policies).toHaveLength(50);
    // HIPAA minimum necessary: never a policy of an NPN that is not one of the users'.
    expect(new Set(policies.map((p) => p.writingAgentNpn))).toEqual(new Set([npn.alice, npn.bob]));
    const accounts = await reader.accounts();
    expect(accounts).toHaveLength(50);
    const withSpouse = policies.find((p) => (p.members as unknown[]).length === 2)!;
    const household = await reader.contactsOf(withSpouse.accountId as string);
    expect(household.map((c: { role: string; relation: string | null }) => [c.role, c.relation])).toEqual([
      ['primary', null],
      ['secondary', 'spouse'],
    ]);
    const [contactRows] = await system.account.database.db.select({ n: count() }).from(contacts).where(eq(contacts.tenantId, businessId));
    expect(contactRows!.n).toBe(60);
  });

  it('ACC-6 ACC-8 ACC-9 when a sync is done, every synced account with an active policy is active with its contacts, and its history has its opening, contacts and policies', async () => {
    const { businessId } = (await api.provision(agency()).expect(202)).body;
    await api.settled(businessId);
    // No waiting for consumers: the account side of each page wrote statuses and history in its transaction.
    const { db } = system.account.database;
    const notActive = await db.select({ id: accounts.id, status: accounts.status }).from(accounts).where(and(eq(accounts.tenantId, businessId), ne(accounts.status, 'active')));
    expect(notActive).toEqual([]);
    const [contactsNotActive] = await db.select({ n: count() }).from(contacts).where(and(eq(contacts.tenantId, businessId), ne(contacts.status, 'active')));
    expect(contactsNotActive!.n).toBe(0);

    const reader = businessReader(system, await issueToken({ tenantId: businessId, groups: ['agency-admin'] }));
    const synced = await reader.accounts();
    expect(synced).toHaveLength(50);
    const lines = await db.select().from(history).where(eq(history.tenantId, businessId));
    for (const account of synced) {
      const own = lines.filter((l) => l.accountId === account.id).map((l) => l.summary);
      expect(own.some((l) => l.startsWith('Account "') && l.endsWith('opened as prospect'))).toBe(true);
      expect(own.some((l) => /^Primary contact .+ added$/.test(l))).toBe(true);
      expect(own.some((l) => / policy .+ created \(medicare-(advantage|supplement), active\)$/.test(l))).toBe(true);
      expect(own.some((l) => l.startsWith('Account status prospect → active (policies)'))).toBe(true);
    }
    // Account 360 shows it newest first: the status change after the policy it follows from.
    const view = await request(system.account.url).get(`/accounts/${synced[0]!.id}/360`).set('authorization', `Bearer ${await issueToken({ tenantId: businessId, groups: ['agency-admin'] })}`).expect(200);
    expect(view.body.account.status).toBe('active');
    expect(view.body.contacts.every((c: { status: string }) => c.status === 'active')).toBe(true);
    const summaries = view.body.history.map((h: { summary: string }) => h.summary);
    expect(summaries[0]).toMatch(/^Account status prospect → active \(policies\); \d contact\(s\) updated$/);
    expect(summaries[summaries.length - 1]).toMatch(/opened as prospect$/);
  });

  it('PS-9 the run reports the contacts and contacts without email the preview predicted, whatever the page size', async () => {
    // People on several policies, with and without emails, across pages of one policy each.
    const agent = `6${shortId().replace(/\D/g, '').padEnd(6, '5').slice(0, 6)}`;
    const row = (policy: string, relationship: string, first: string, dob: string, mail: string | null) => ({
      carrier: 'Humana', policy_number: `${agent}-${policy}`, coverage_type: 'medicare-advantage', status: 'active',
      effective_date: '2026-01-01', premium: '0', writing_agent_npn: agent, member_relationship: relationship,
      first_name: first, last_name: 'Overlap', date_of_birth: dob, state: 'FL', ...(mail ? { email: mail } : {}),
    });
    await importBook(system.policy.url, await issueToken({ tenantId: fmo, groups: ['fmo-admin'] }), [
      row('1', 'policyholder', 'Ada', '1950-01-01', 'ada@example.com'),
      row('1', 'spouse', 'Bo', '1951-01-01', null),
      row('2', 'policyholder', 'Bo', '1951-01-01', 'bo@example.com'),
      row('3', 'policyholder', 'Cy', '1952-01-01', null),
      row('3', 'dependent', 'Ada', '1950-01-01', null),
      row('4', 'policyholder', 'Di', '1953-01-01', null),
      row('4', 'spouse', 'Cy', '1952-01-01', 'cy@example.com'),
    ]);
    const preview = (await api.preview([agent]).expect(200)).body;
    expect(preview).toMatchObject({ policies: 4, members: 7, contacts: 4 });
    const { businessId } = (
      await api.provision({ name: `Overlap ${shortId()}`, kind: 'agent', users: [{ name: 'Ov', email: email('ov'), npn: agent }], policySyncEnabled: true, pageSize: 1 }).expect(202)
    ).body;
    const done = await api.settled(businessId);
    expect(done.report).toMatchObject({ policies: preview.policies, members: preview.members, contacts: preview.contacts, contactsWithoutEmail: preview.contactsWithoutEmail });
    // And the contacts really are so: each with the email of its best member row.
    const synced = await system.account.database.db.select({ first: contacts.firstName, email: contacts.email }).from(contacts).where(eq(contacts.tenantId, businessId));
    expect(Object.fromEntries(synced.map((c) => [c.first, c.email]))).toEqual({ Ada: 'ada@example.com', Bo: 'bo@example.com', Cy: null, Di: null });
  });

  it('X-5 the same Idempotency-Key provisions once', async () => {
    const key = `prov-${shortId()}`;
    const body = agency(false, [{ name: 'Cy Once', email: email('cy'), npn: '5550001' }]);
    const first = await api.provision(body, key).expect(202);
    const again = await api.provision(body, key).expect(202);
    expect(again.body).toEqual(first.body);
    await api.settled(first.body.businessId, { runs: 0 });
    const [row] = await system.account.database.db.select({ n: count() }).from(agentCrmBusinesses).where(eq(agentCrmBusinesses.name, body.name));
    expect(row!.n).toBe(1);
  });

  it('PS-3 an email any Agent CRM user already has is refused up front and nothing is created', async () => {
    const taken = email('dana');
    const first = await api.provision(agency(false, [{ name: 'Dana', email: taken, npn: '5550002' }])).expect(202);
    await api.settled(first.body.businessId, { runs: 0 });
    const before = await system.account.database.db.select({ n: count() }).from(agentCrmBusinesses);
    const refused = await api.provision(agency(true, [{ name: 'Dana again', email: taken.toUpperCase(), npn: '5550003' }])).expect(409);
    expect(refused.body).toMatchObject({ type: expect.stringContaining('email-already-used'), emails: [taken] });
    expect(await system.account.database.db.select({ n: count() }).from(agentCrmBusinesses)).toEqual(before);
    const [users] = await system.account.database.db.select({ n: count() }).from(agentCrmUsers).where(eq(agentCrmUsers.npn, '5550003'));
    expect(users!.n).toBe(0);
  });

  it('PS-6 a re-sync adds new policies, updates changed ones and duplicates nothing', async () => {
    const fmoToken = await issueToken({ tenantId: fmo, groups: ['fmo-admin'] });
    const solo = `6${shortId().replace(/\D/g, '').padEnd(7, '0').slice(0, 7)}`;
    await importBook(system.policy.url, fmoToken, bookRows([{ npn: solo, policies: 12, spouseEvery: 2 }]));
    const { businessId } = (await api.provision({ name: 'Solo Agent', kind: 'agent', users: [{ name: 'Sol', email: email('sol'), npn: solo }], policySyncEnabled: true, pageSize: 5 }).expect(202)).body;
    await api.settled(businessId);

    // The FMO's book moves on: three new policies, one policy cancelled.
    const grown = bookRows([{ npn: solo, policies: 15, spouseEvery: 2 }]);
    grown.filter((r) => r.policy_number === `${solo}-000001`).forEach((r) => (r.status = 'pending'));
    await importBook(system.policy.url, fmoToken, grown);

    await api.resync(businessId).expect(202);
    const after = await api.settled(businessId, { runs: 2 });
    expect(after.report).toMatchObject({ trigger: 'resync', policies: 15, policiesInserted: 3, policiesUpdated: 1, policiesUnchanged: 11 });
    const reader = businessReader(system, await issueToken({ tenantId: businessId, groups: ['agency-admin'] }));
    const policies = await reader.policies();
    expect(policies).toHaveLength(15);
    expect(new Set(policies.map((p) => p.policyNumber)).size).toBe(15);
    expect(policies.find((p) => p.policyNumber === `${solo}-000001`)!.status).toBe('pending');
    const [contactRows] = await system.account.database.db.select({ n: count() }).from(contacts).where(eq(contacts.tenantId, businessId));
    expect(contactRows!.n).toBe(15 + 8); // 15 policyholders, a spouse on every second policy

    // Nothing changed since: the next re-sync changes nothing at all.
    await api.resync(businessId).expect(202);
    const quiet = await api.settled(businessId, { runs: 3 });
    expect(quiet.report).toMatchObject({ policies: 15, policiesInserted: 0, policiesUpdated: 0, policiesUnchanged: 15, contactsCreated: 0, contactsUpdated: 0 });
  });

  it('PS-7 policy sync enabled later runs the sync; disabled stops re-syncs and keeps what was synced', async () => {
    const { businessId } = (await api.provision(agency(false)).expect(202)).body;
    const provisioned = await api.settled(businessId, { runs: 0 });
    expect(provisioned.report).toBeNull();
    const reader = businessReader(system, await issueToken({ tenantId: businessId, groups: ['agency-admin'] }));
    expect(await reader.policies()).toHaveLength(0);

    await api.setPolicySync(businessId, true).expect(202);
    const synced = await api.settled(businessId);
    expect(synced.report).toMatchObject({ trigger: 'enabled', policies: 50 });

    await api.setPolicySync(businessId, false).expect(200);
    const refused = await api.resync(businessId).expect(409);
    expect(refused.body.type).toContain('policy-sync-disabled');
    expect(await reader.policies()).toHaveLength(50);
  });

  it('PS-8 an agent added to an agency with policy sync gets their NPN’s policies synced', async () => {
    const { businessId } = (await api.provision(agency(true, [{ name: 'Alice', email: email('alice'), npn: npn.alice }])).expect(202)).body;
    await api.settled(businessId);
    const added = await api.addAgent(businessId, { name: 'Olive Other', email: email('olive'), npn: npn.other }).expect(202);
    expect(added.body.policySync.workflowId).toBe(`policy-sync/${businessId}`);
    const after = await api.settled(businessId, { runs: 2 });
    expect(after.report).toMatchObject({ trigger: 'agent-added', policiesInserted: 10 });
    expect(after.users.map((u: { npn: string }) => u.npn).sort()).toEqual([npn.alice, npn.other].sort());
    const reader = businessReader(system, await issueToken({ tenantId: businessId, groups: ['agency-admin'] }));
    expect(new Set((await reader.policies()).map((p) => p.writingAgentNpn))).toEqual(new Set([npn.alice, npn.other]));
    // Still never the agency's own NPN.
    await api.addAgent(businessId, { name: 'Dup', email: after.users[0].email, npn: '1234' }).expect(409);
  });

  it('PS-8 while a business is being provisioned, re-sync, new agents and policy-sync switches are refused (409) and its provisioning completes', async () => {
    const started = await api.provision(agency()).expect(202);
    const { businessId } = started.body;
    let refused = 0;
    // Until the business is active, every such request is refused (or finds no business yet): none
    // starts a sync of its own that would collide with the provisioning's.
    for (let active = false; !active; ) {
      for (const send of [
        () => api.resync(businessId),
        () => api.addAgent(businessId, { name: 'Early Bird', email: email('early'), npn: npn.other }),
        () => api.setPolicySync(businessId, true),
      ]) {
        const res = await send();
        if (res.status === 409) {
          expect(res.body.type).toContain('business-provisioning');
          refused++;
        } else if (res.status !== 404) {
          // Accepted: only once the provisioning is over.
          expect((await api.business(businessId).expect(200)).body.business.state).toBe('active');
          active = true;
          break;
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
    const done = await api.settled(businessId);
    const provisioning = done.runs.find((r: { trigger: string }) => r.trigger === 'provisioning');
    expect(provisioning).toMatchObject({ state: 'completed' });
    expect(done.business.state).toBe('active');
  });

  it('PS-8 agents are added to agency businesses only', async () => {
    const { businessId } = (await api.provision({ name: 'Lone Agent', kind: 'agent', users: [{ name: 'Lo', email: email('lo'), npn: '5550009' }], policySyncEnabled: false }).expect(202)).body;
    await api.settled(businessId, { runs: 0 });
    const res = await api.addAgent(businessId, { name: 'X', email: email('x'), npn: '5550010' }).expect(409);
    expect(res.body.type).toContain('not-an-agency');
  });

  it('operators find a business’s runs by search attribute, and no protected data is in ids or attributes', async () => {
    const { businessId, workflowId } = (await api.provision(agency()).expect(202)).body;
    await api.settled(businessId);
    // Reads the visibility store as the Temporal UI does.
    const client = system.account.runtime.deps.temporal.client;
    const runs: Array<{ workflowId: string; type: string; searchAttributes: Record<string, unknown> }> = [];
    for await (const run of client.workflow.list({ query: `BusinessId = '${businessId}'` })) runs.push(run);
    expect(runs.map((r) => r.type).sort()).toEqual(['provisionAgentCrm', 'syncAgentCrmPolicies']);
    expect(runs.map((r) => r.workflowId).sort()).toEqual([workflowId, `policy-sync/${businessId}`].sort());
    const ours = ['TenantId', 'BusinessId', 'RunKind'];
    const visible = JSON.stringify(runs.map((r) => [r.workflowId, ours.map((name) => r.searchAttributes[name])]));
    expect(visible).toContain(businessId);
    expect(visible).not.toMatch(/@brooks\.example/);
    // The summary and details the UI shows first: what, for which business, by whom; no names.
    const described = await client.workflow.getHandle(workflowId).describe();
    const [summary, details] = [await described.staticSummary(), await described.staticDetails()];
    expect(summary).toBe(`Provision an Agent CRM agency business ${businessId} for FMO ${fmo}`);
    expect(details).toContain('**Requested by**');
    // Neither the business's name ("Brooks Agency …") nor its users' names or emails.
    for (const shown of [summary!, details!]) expect(shown).not.toMatch(/Brooks|Alice|Bob Park|@brooks\.example/);
    for (const row of book) {
      for (const value of [row.last_name!, row.first_name!, row.date_of_birth!]) expect(visible).not.toContain(value);
    }
  });

  it('provisioning and sync jobs are listed newest first (keyset, filters by state, business and time) and read one by one; another FMO sees none', async () => {
    const token = await issueToken({ tenantId: fmo, groups: ['fmo-admin'] });
    const get = (path: string, as = token) => request(system.account.url).get(path).set('authorization', `Bearer ${as}`);
    const { businessId } = (await api.provision(agency()).expect(202)).body;
    await api.settled(businessId);

    const businesses = await get('/agent-crm/businesses?state=active&limit=2').expect(200);
    expect(businesses.body.items).toHaveLength(2);
    expect(businesses.body.items[0]).toMatchObject({ id: businessId, state: 'active', links: { self: `/agent-crm/businesses/${businessId}` } });
    const older = await get(`/agent-crm/businesses?state=active&limit=2&before=${businesses.body.nextBefore}`).expect(200);
    expect(older.body.items.map((b: { id: string }) => b.id)).not.toContain(businessId);

    const syncs = await get(`/policy-syncs?businessId=${businessId}`).expect(200);
    expect(syncs.body.items).toEqual([
      expect.objectContaining({ kind: 'policy-sync', businessId, trigger: 'provisioning', state: 'completed', workflowId: `policy-sync/${businessId}` }),
    ]);
    const run = syncs.body.items[0];
    expect(run.policies).toBe(expected([npn.alice, npn.bob]).policies);
    expect((await get(run.links.self).expect(200)).body).toEqual(run);
    expect((await get(`/policy-syncs?state=running&since=${new Date(Date.now() + 60_000).toISOString()}`).expect(200)).body.items).toEqual([]);
    await get('/policy-syncs?state=lost').expect(400);

    const stranger = await issueToken({ tenantId: `fmo-${shortId()}`, groups: ['fmo-admin'] });
    expect((await get('/policy-syncs', stranger).expect(200)).body.items).toEqual([]);
    expect((await get('/agent-crm/businesses', stranger).expect(200)).body.items).toEqual([]);
    await get(run.links.self, stranger).expect(404);
  });

  it('another FMO cannot see or change a business (404)', async () => {
    const { businessId } = (await api.provision(agency(false)).expect(202)).body;
    await api.settled(businessId, { runs: 0 });
    const stranger = agentCrmApi(system, await issueToken({ tenantId: `fmo-${shortId()}`, groups: ['fmo-admin'] }));
    await stranger.business(businessId).expect(404);
    await stranger.resync(businessId).expect(404);
    await stranger.setPolicySync(businessId, true).expect(404);
  });

  it('X-3 provisioning needs agent-crm:provision', async () => {
    const agencyUser = agentCrmApi(system, await issueToken({ tenantId: fmo, groups: ['agency-admin'] }));
    const res = await agencyUser.provision(agency()).expect(403);
    expect(res.body.permission).toBe('agent-crm:provision');
  });
});
