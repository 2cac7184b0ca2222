import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { ApplicationFailure } from '@temporalio/common';
import {
  failureTypes,
  syncedAccountId,
  syncedContactId,
  type AgentCrmPolicyActivities,
  type CopyPolicyPageResult,
  type EventEnvelope,
} from '@agencyflow/contracts';
import { forTenants } from '@agencyflow/db';
import { shortId, startTestService, type TestService } from '@agencyflow/testing';
import { policyService } from '../src';
import { createAgentCrmPolicyActivities } from '../src/policy-sync/agent-crm.activities';
import { registerBusiness, withBusinessesKnown } from './support/business-directory';
import { outbox, policies, policyMembers } from '../src/db/schema';
import { importCarrierFeed } from '../src/carrier-feeds/import-carrier-feed';
import { readSyncedPage } from '../src/policy-sync/synced-page-transfer';
import { feedRow, type FeedRowValues } from './support/fixtures';

/** The agency's principal writes under their own NPN and under the agency's; a second agent writes too. */
const PRINCIPAL = '17234598';
const AGENT = '17234599';
/** The agency's own NPN: not the NPN of any user of the business, so never synced (PS-4). */
const AGENCY = '88001234';
/** Another agent of the FMO, outside the business. */
const OTHER = '55501234';
const USERS = [PRINCIPAL, AGENT];

const holder = (policy: FeedRowValues, overrides: FeedRowValues = {}) => feedRow({ ...policy, ...overrides });
const member = (policy: FeedRowValues, relationship: string, first: string, last: string, dob: string, overrides: FeedRowValues = {}) =>
  feedRow({
    ...policy,
    member_relationship: relationship,
    first_name: first,
    last_name: last,
    date_of_birth: dob,
    email: '',
    mbi: '',
    ...overrides,
  });

const A1 = { carrier: 'Humana', policy_number: 'A-1', writing_agent_npn: PRINCIPAL };
const A2 = { carrier: 'Aetna', policy_number: 'A-2', writing_agent_npn: PRINCIPAL, coverage_type: 'medicare-supplement' };
const A3 = { carrier: 'Humana', policy_number: 'A-3', writing_agent_npn: PRINCIPAL };
const A4 = { carrier: 'Humana', policy_number: 'A-4', writing_agent_npn: PRINCIPAL };
const A5 = { carrier: 'Humana', policy_number: 'A-5', writing_agent_npn: PRINCIPAL, coverage_type: 'dental' };
const B1 = { carrier: 'Humana', policy_number: 'B-1', writing_agent_npn: AGENT };
const B2 = { carrier: 'Humana', policy_number: 'B-2', writing_agent_npn: AGENT };
const B3 = { carrier: 'Cigna', policy_number: 'B-3', writing_agent_npn: AGENT, coverage_type: 'prescription-drug-plan' };
const G1 = { carrier: 'Humana', policy_number: 'G-1', writing_agent_npn: AGENCY };
const G2 = { carrier: 'Aetna', policy_number: 'G-2', writing_agent_npn: AGENCY };
const O1 = { carrier: 'Humana', policy_number: 'O-1', writing_agent_npn: OTHER };

/**
 * The FMO's book: 8 policies of the business's users (11 members, 9 people), 2 the principal
 * wrote under the agency's NPN, 1 of another agent.
 */
const book: FeedRowValues[] = [
  // Maria holds A-1 (with her spouse and their dependent, both without email) and A-2.
  holder(A1, { first_name: 'Maria', last_name: 'Rivera', date_of_birth: '1954-03-02', email: 'maria@example.com' }),
  member(A1, 'spouse', 'Jose', 'Rivera', '1952-07-19'),
  member(A1, 'child', 'Tom', 'Rivera', '2010-05-05'),
  holder(A2, { first_name: 'Maria', last_name: 'Rivera', date_of_birth: '1954-03-02', email: 'maria@example.com' }),
  // Two John Smiths without a date of birth, on two policies: two people.
  holder(A3, { first_name: 'John', last_name: 'Smith', date_of_birth: '', email: '', mbi: '' }),
  holder(B1, { first_name: 'John', last_name: 'Smith', date_of_birth: '', email: 'john@example.com', mbi: '' }),
  // Jose holds a policy of his own as well.
  holder(A4, { first_name: 'Jose', last_name: 'Rivera', date_of_birth: '1952-07-19', email: '', mbi: '3EG4TE5MK75' }),
  // A carrier sent A-5 without a policyholder: its only member holds the account.
  member(A5, 'dependent', 'Lily', 'Park', '2012-01-01'),
  holder(B2, { first_name: 'Ann', last_name: 'Lee', date_of_birth: '1950-01-01', email: 'ann@example.com', mbi: '2EG4TE5MK74' }),
  member(B2, 'spouse', 'Bob', 'Lee', '1949-02-02'),
  holder(B3, { first_name: 'Kim', last_name: 'Ng', date_of_birth: '1956-06-06', email: 'kim@example.com', mbi: '4EG4TE5MK76' }),
  holder(G1, { first_name: 'Maria', last_name: 'Rivera', date_of_birth: '1954-03-02', email: 'maria@example.com' }),
  holder(G2, { first_name: 'Sam', last_name: 'Hill', date_of_birth: '1960-01-01', email: 'sam@example.com' }),
  holder(O1, { first_name: 'Pat', last_name: 'Doe', date_of_birth: '1961-01-01', email: 'pat@example.com' }),
];
const USER_POLICIES = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'B-1', 'B-2', 'B-3'];

/** Activity tests: the policy side of Agent CRM policy sync, called directly against the real PostgreSQL. */
describe('policy service: Agent CRM policy sync activities', () => {
  let service: TestService;
  let activities: AgentCrmPolicyActivities;
  const fmoTenantId = `fmo-${shortId()}`;
  const otherFmoTenantId = `fmo-${shortId()}`;

  const importRows = (tenantId: string, rows: FeedRowValues[]) =>
    importCarrierFeed({ ...service.runtime.deps, database: forTenants(service.runtime.deps.database, tenantId) }, {
      tenantId,
      importedBy: 'fmo-admin-1',
      format: 'json',
      rows: rows.map((values, i) => ({ row: i + 1, values })),
    });

  /** One sync run, page after page, as the workflow drives it. */
  const syncAll = async (businessId: string, limit: number, npns = USERS) => {
    const pages: CopyPolicyPageResult[] = [];
    const runId = randomUUID();
    let after: string | null = null;
    do {
      const page: CopyPolicyPageResult = await activities.copyPolicyPage({
        fmoTenantId,
        businessId,
        npns,
        after,
        limit,
        requestedBy: 'fmo-admin-1',
        runId,
        page: pages.length,
      });
      pages.push(page);
      after = page.nextCursor;
      expect(pages.length).toBeLessThan(50);
    } while (after !== null);
    const sum = (pick: (p: CopyPolicyPageResult) => number) => pages.reduce((n, p) => n + pick(p), 0);
    const perNpn: Record<string, number> = {};
    for (const page of pages) for (const [npn, n] of Object.entries(page.perNpn)) perNpn[npn] = (perNpn[npn] ?? 0) + n;
    return {
      pages,
      policies: sum((p) => p.policies),
      inserted: sum((p) => p.inserted),
      updated: sum((p) => p.updated),
      unchanged: sum((p) => p.unchanged),
      perNpn,
    };
  };

  const policiesOf = (tenantId: string) =>
    service.database.db.select().from(policies).where(eq(policies.tenantId, tenantId)).orderBy(asc(policies.policyNumber));
  const membersOf = (tenantId: string) =>
    service.database.db.select().from(policyMembers).where(eq(policyMembers.tenantId, tenantId)).orderBy(asc(policyMembers.id));
  const eventsOf = async (tenantId: string) => {
    const rows = await service.database.db
      .select()
      .from(outbox)
      .where(sql`${outbox.envelope}->>'tenantId' = ${tenantId}`)
      .orderBy(asc(outbox.seq));
    return rows.map((r) => r.envelope as EventEnvelope<Record<string, unknown>>);
  };
  const outboxTotal = async () => {
    const [row] = await service.database.db.select({ n: sql<number>`count(*)::int` }).from(outbox);
    return row!.n;
  };
  /** Everything a sync could change in a business, for "nothing changed" assertions. */
  const snapshot = async (tenantId: string) => ({
    policies: (await policiesOf(tenantId)).map((p) => ({ ...p })),
    members: await membersOf(tenantId),
    outbox: await outboxTotal(),
  });

  /** The rule, restated: a keyed fingerprint of the normalised name and date of birth (PS-5). */
  const person = (first: string, last: string, dob: string | null, policy?: { carrier: string; policy_number: string }) =>
    service.runtime.deps.fieldCipher.fingerprint(
      `person:${first.toLowerCase()}|${last.toLowerCase()}|${dob ?? ''}${dob ? '' : `|${policy!.carrier}|${policy!.policy_number}`}`,
    );

  beforeAll(async () => {
    service = await startTestService(policyService, { prefix: `t${shortId()}.`, start: false });
    activities = withBusinessesKnown(service, createAgentCrmPolicyActivities(service.runtime.deps));
    const imported = await importRows(fmoTenantId, book);
    expect(imported.rows).toMatchObject({ valid: book.length, rejected: 0 });
    // Another FMO's book with a policy of the principal's NPN: never anyone else's to sync.
    await importRows(otherFmoTenantId, [holder({ carrier: 'Humana', policy_number: 'X-1', writing_agent_npn: PRINCIPAL })]);
  });
  afterAll(async () => service?.stop());

  const business = randomUUID();

  it('PS-4 only policies written under the users\' NPNs are copied, page after page until nextCursor is null; the agency\'s own NPN never is', async () => {
    const fmoBefore = await snapshot(fmoTenantId);
    const run = await syncAll(business, 2);

    // 8 policies in pages of 2; the limit + 1 probe spares an empty last page.
    expect(run.pages.map((p) => p.policies)).toEqual([2, 2, 2, 2]);
    expect(run.pages.map((p) => p.nextCursor === null)).toEqual([false, false, false, true]);
    expect(run).toMatchObject({ policies: 8, inserted: 8, updated: 0, unchanged: 0, perNpn: { [PRINCIPAL]: 5, [AGENT]: 3 } });

    const copied = await policiesOf(business);
    expect(copied.map((p) => p.policyNumber)).toEqual(USER_POLICIES);
    expect(new Set(copied.map((p) => p.writingAgentNpn))).toEqual(new Set(USERS));
    expect(copied.every((p) => p.source === 'policy-sync' && p.revision === 1 && p.createdBy === 'fmo-admin-1')).toBe(true);
    // The copies carry the FMO's content.
    const a2 = copied.find((p) => p.policyNumber === 'A-2')!;
    expect(a2).toMatchObject({ carrier: 'Aetna', coverageType: 'medicare-supplement', status: 'active', premium: '129.50', effectiveDate: '2026-01-01' });

    // Nothing else anywhere: not the agency NPN's, not the other agent's, not the other FMO's; the FMO's book is untouched.
    const [{ n: inBusiness } = { n: -1 }] = await service.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(policies)
      .where(and(eq(policies.tenantId, business), sql`${policies.writingAgentNpn} in (${AGENCY}, ${OTHER})`));
    expect(inBusiness).toBe(0);
    expect(await membersOf(business)).toHaveLength(11);
    expect({ ...(await snapshot(fmoTenantId)), outbox: 0 }).toEqual({ ...fmoBefore, outbox: 0 });

    // Bulk work, coarse events: one policy-sync-page-copied per page (its source range and counts), none per policy.
    const events = await eventsOf(business);
    expect(events.map((e) => e.type)).toEqual(Array(4).fill('policy.policy-sync-page-copied'));
    expect(events.every((e) => e.aggregateId === business)).toBe(true);
    expect(events.map((e) => e.data.page)).toEqual([0, 1, 2, 3]);
    expect(events.map((e) => e.data.through)).toEqual(run.pages.map((p) => p.through));
    expect(events.map((e) => e.data.after)).toEqual([null, ...run.pages.slice(0, 3).map((p) => p.nextCursor)]);
    expect(events.map((e) => e.data.inserted)).toEqual([2, 2, 2, 2]);
    expect(events.reduce((n, e) => n + (e.data.members as number), 0)).toBe(11);
  });

  it('PS-4 a business of one agent gets that agent\'s policies only; no NPNs, no policies; the FMO tenant is never the business', async () => {
    const agentBusiness = randomUUID();
    const run = await syncAll(agentBusiness, 10, [AGENT]);
    expect(run).toMatchObject({ policies: 3, inserted: 3, perNpn: { [AGENT]: 3 } });
    expect((await policiesOf(agentBusiness)).map((p) => p.policyNumber)).toEqual(['B-1', 'B-2', 'B-3']);

    expect(await syncAll(randomUUID(), 10, [])).toMatchObject({ policies: 0, pages: [{ nextCursor: null, members: 0, through: null }] });

    const refused = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.fail('accepted'),
        (error: unknown) => {
          expect(error).toBeInstanceOf(ApplicationFailure);
          expect(error).toMatchObject({ type: failureTypes.validation, nonRetryable: true });
        },
      );
    const page = { fmoTenantId, npns: USERS, after: null, limit: 10, requestedBy: 'fmo-admin-1', runId: randomUUID(), page: 0 };
    const tenantAsBusiness = randomUUID();
    await refused(activities.copyPolicyPage({ ...page, fmoTenantId: tenantAsBusiness, businessId: tenantAsBusiness }));
    await refused(activities.copyPolicyPage({ ...page, businessId: fmoTenantId }));
    await refused(activities.copyPolicyPage({ ...page, businessId: randomUUID(), npns: ['12-34'] }));
    await refused(activities.copyPolicyPage({ ...page, businessId: randomUUID(), limit: 0 }));
    await refused(activities.copyPolicyPage({ ...page, businessId: randomUUID(), runId: 'not-a-run' }));
  });

  it('X-3 PS-4 a page is copied only into a business its FMO provisioned, for its users\' NPNs, as the business directory says, never as the workflow input claims', async () => {
    const raw = createAgentCrmPolicyActivities(service.runtime.deps);
    const page = { fmoTenantId, npns: [AGENT], after: null, limit: 10, requestedBy: 'fmo-admin-1', runId: randomUUID(), page: 0 };
    const retryable = async (promise: Promise<unknown>, reason: RegExp) => {
      const error = await promise.then(() => expect.fail('accepted'), (e: unknown) => e);
      // A plain error: the activity's retry tries again once the business's event has been applied.
      expect(error).not.toBeInstanceOf(ApplicationFailure);
      expect(String(error)).toMatch(reason);
    };

    const unknown = randomUUID();
    await retryable(raw.copyPolicyPage({ ...page, businessId: unknown }), /not in the policy service's directory/);

    const othersBusiness = randomUUID();
    await registerBusiness(service, { businessId: othersBusiness, fmoTenantId: otherFmoTenantId, userNpns: [AGENT] });
    await expect(raw.copyPolicyPage({ ...page, businessId: othersBusiness })).rejects.toMatchObject({ type: failureTypes.validation, nonRetryable: true });

    const agentOnly = randomUUID();
    await registerBusiness(service, { businessId: agentOnly, fmoTenantId, userNpns: [AGENT] });
    await retryable(raw.copyPolicyPage({ ...page, businessId: agentOnly, npns: [PRINCIPAL] }), /not \(yet\) the business's users' NPNs/);
    for (const tenant of [unknown, othersBusiness, agentOnly]) expect(await policiesOf(tenant)).toHaveLength(0);

    const copied = await raw.copyPolicyPage({ ...page, businessId: agentOnly });
    expect(copied.policies).toBeGreaterThan(0);
    expect(new Set((await policiesOf(agentOnly)).map((p) => p.writingAgentNpn))).toEqual(new Set([AGENT]));
  });

  it('PS-5 members carry deterministic contact ids, grouped in one account per policyholder; a person on several policies is one contact; members without email stay', async () => {
    const oneBusiness = randomUUID();
    const [page] = (await syncAll(oneBusiness, 100)).pages;
    expect(page).toMatchObject({ policies: 8, members: 11, nextCursor: null });
    const contact = (key: string) => syncedContactId(oneBusiness, key);
    const accountOf = (key: string) => syncedAccountId(oneBusiness, key);
    const maria = person('Maria', 'Rivera', '1954-03-02');
    const jose = person('Jose', 'Rivera', '1952-07-19');
    const tom = person('Tom', 'Rivera', '2010-05-05');
    const lily = person('Lily', 'Park', '2012-01-01');
    const johnA3 = person('John', 'Smith', null, { carrier: 'Humana', policy_number: 'A-3' });
    const johnB1 = person('John', 'Smith', null, { carrier: 'Humana', policy_number: 'B-1' });
    expect(johnA3).not.toBe(johnB1);

    // The copies link the ids computed in SQL (deterministic_uuid) from the person keys stored at
    // import: policy to account and policyholder, member to contact; the same as the TypeScript form.
    const copies = new Map((await policiesOf(oneBusiness)).map((p) => [p.policyNumber, p]));
    expect(copies.get('A-1')).toMatchObject({ accountId: accountOf(maria), policyholderContactId: contact(maria) });
    expect(copies.get('A-2')).toMatchObject({ accountId: accountOf(maria), policyholderContactId: contact(maria) });
    expect(copies.get('A-3')).toMatchObject({ accountId: accountOf(johnA3), policyholderContactId: contact(johnA3) });
    expect(copies.get('B-1')).toMatchObject({ accountId: accountOf(johnB1), policyholderContactId: contact(johnB1) });
    expect(copies.get('A-4')).toMatchObject({ accountId: accountOf(jose), policyholderContactId: contact(jose) });
    // A-5 came without a policyholder: its only member holds the account.
    expect(copies.get('A-5')).toMatchObject({ accountId: accountOf(lily), policyholderContactId: contact(lily) });
    expect(copies.get('B-2')).toMatchObject({ accountId: accountOf(person('Ann', 'Lee', '1950-01-01')) });
    const copiedMembers = await membersOf(oneBusiness);
    const onA1 = copiedMembers.filter((m) => m.policyId === copies.get('A-1')!.id);
    expect(onA1.map((m) => m.contactId).sort()).toEqual([contact(maria), contact(jose), contact(tom)].sort());
    // 11 members, 9 people: Maria holds two policies, Jose is a spouse on A-1 and holds A-4.
    expect(copiedMembers).toHaveLength(11);
    expect(new Set(copiedMembers.map((m) => m.contactId)).size).toBe(9);
    // Members without email are copied as they are; protected fields stay ciphertext and decrypt to the FMO's values.
    const tomRow = onA1.find((m) => m.contactId === contact(tom))!;
    expect(tomRow).toMatchObject({ email: null, relationship: 'dependent' });
    expect(tomRow.dateOfBirthEnc).toMatch(/^v1\./);
    expect(service.runtime.deps.fieldCipher.decrypt(tomRow.dateOfBirthEnc!)).toBe('2010-05-05');

    // The transfer the account side reads: one line per member, ciphertext as stored, no date of birth in clear.
    const text = await readSyncedPage(forTenants(service.runtime.deps.database, oneBusiness), { businessId: oneBusiness, after: null, through: page!.through! });
    const lines = text.trim().split('\n').map((line) => line.split('\t'));
    expect(lines).toHaveLength(11);
    expect(new Set(lines.map((l) => l[0]))).toEqual(new Set([...copies.values()].map((p) => p.id)));
    expect(text).not.toContain('2010-05-05');
    expect(text).toContain(tomRow.dateOfBirthEnc!);
    // Another business's token range reads nothing of this one.
    const stranger = randomUUID();
    expect(await readSyncedPage(forTenants(service.runtime.deps.database, stranger), { businessId: stranger, after: null, through: page!.through! })).toBe('');
  });

  it('PS-5 the SQL deterministic_uuid and the TypeScript deterministicUuid give the same ids', async () => {
    const { sql: db } = service.database;
    const cases = [
      ['synced-contact', randomUUID(), service.runtime.deps.fieldCipher.fingerprint('person:a|b|1950-01-01')],
      ['synced-account', randomUUID(), 'x'],
      ['synced-contact', 'ünïcödé', 'tab\tand\u001fseparator'],
    ];
    for (const [kind, business, key] of cases) {
      const [row] = await db<{ id: string }[]>`select deterministic_uuid(array[${kind!}, ${business!}, ${key!}])::text as id`;
      const expected = kind === 'synced-contact' ? syncedContactId(business!, key!) : syncedAccountId(business!, key!);
      expect(row!.id).toBe(expected);
    }
  });

  it('PS-6 re-syncing changes nothing that did not change; a changed FMO policy is updated once, with one event', async () => {
    const before = await snapshot(business);
    // Another page size: the same policies, all unchanged, nothing written.
    const again = await syncAll(business, 3);
    expect(again).toMatchObject({ policies: 8, inserted: 0, updated: 0, unchanged: 8, perNpn: { [PRINCIPAL]: 5, [AGENT]: 3 } });
    expect(await snapshot(business)).toEqual(before);

    // The carrier cancels A-1 and Bob gets an email (a member-only change of B-2).
    await importRows(fmoTenantId, book.filter((r) => r.policy_number === 'A-1').map((r) => ({ ...r, status: 'cancelled' })));
    await importRows(fmoTenantId, [{ ...book.find((r) => r.first_name === 'Bob')!, email: 'bob@example.com' }]);
    const eventsBefore = (await eventsOf(business)).length;
    const resync = await syncAll(business, 3);
    expect(resync).toMatchObject({ policies: 8, inserted: 0, updated: 2, unchanged: 6 });

    const after = new Map((await policiesOf(business)).map((p) => [p.policyNumber, p]));
    expect(after.get('A-1')).toMatchObject({ status: 'cancelled', revision: 2 });
    expect(after.get('B-2')).toMatchObject({ status: 'active', revision: 2 });
    for (const number of USER_POLICIES.filter((n) => n !== 'A-1' && n !== 'B-2')) {
      expect(after.get(number)!.revision).toBe(1);
      expect(after.get(number)!.updatedAt).toEqual(before.policies.find((p) => p.policyNumber === number)!.updatedAt);
    }
    const bob = (await membersOf(business)).find((m) => m.firstName === 'Bob')!;
    expect(bob.email).toBe('bob@example.com');
    // No duplicates; one page event per page that changed something, with the page's counts.
    expect(await policiesOf(business)).toHaveLength(8);
    expect(await membersOf(business)).toHaveLength(11);
    const pageEvents = (await eventsOf(business)).slice(eventsBefore);
    expect(pageEvents).toHaveLength(resync.pages.filter((p) => p.updated > 0).length);
    expect(pageEvents.reduce((n, e) => n + (e.data.updated as number), 0)).toBe(2);

    // And the next re-sync is quiet again.
    expect(await syncAll(business, 5)).toMatchObject({ inserted: 0, updated: 0, unchanged: 8 });
  });

  it('PS-6 a page copied twice (a retry after the worker died, or overlapping a slow first attempt) leaves nothing twice', async () => {
    const retried = randomUUID();
    const page = { fmoTenantId, businessId: retried, npns: USERS, after: null, limit: 3, requestedBy: 'fmo-admin-1', runId: randomUUID(), page: 0 };
    const first = await activities.copyPolicyPage(page);
    const second = await activities.copyPolicyPage(page);
    expect(first).toMatchObject({ policies: 3, inserted: 3, unchanged: 0 });
    expect(second).toMatchObject({ policies: 3, inserted: 0, updated: 0, unchanged: 3 });
    // The same range and cursor again: the workflow carries on exactly as after the first attempt.
    expect(second.members).toBe(first.members);
    expect(second.through).toBe(first.through);
    expect(second.nextCursor).toBe(first.nextCursor);
    expect(await policiesOf(retried)).toHaveLength(3);
    expect(await eventsOf(retried)).toHaveLength(1);

    // The worker dies mid-page (after the policies, at the outbox): the page's transaction leaves nothing.
    const { sql: db } = service.database;
    await db`create sequence crash_once`;
    await db`create function crash_once() returns trigger language plpgsql as $$
      begin if nextval('crash_once') = 1 then raise exception 'worker killed mid-page'; end if; return null; end $$`;
    await db`create trigger crash_once before insert on outbox for each statement execute function crash_once()`;
    const membersBefore = (await membersOf(retried)).length;
    try {
      const next = { ...page, after: first.nextCursor, page: 1 };
      await expect(activities.copyPolicyPage(next)).rejects.toThrow(/worker killed mid-page/);
      expect(await policiesOf(retried)).toHaveLength(3);
      expect(await membersOf(retried)).toHaveLength(membersBefore);
      // Temporal retries the activity: the page is copied once.
      expect(await activities.copyPolicyPage(next)).toMatchObject({ policies: 3, inserted: 3 });
      expect(await activities.copyPolicyPage(next)).toMatchObject({ policies: 3, inserted: 0, unchanged: 3 });
    } finally {
      await db`drop trigger crash_once on outbox`;
      await db`drop function crash_once()`;
      await db`drop sequence crash_once`;
    }
    expect(await policiesOf(retried)).toHaveLength(6);
    expect(await eventsOf(retried)).toHaveLength(2);

    // A slow first attempt (stalled at its outbox write, its policies written but not committed)
    // and its retry at once take turns: one copies, the other then finds nothing to do.
    const overlapping = randomUUID();
    await db`create sequence stall_once`;
    await db`create function stall_once() returns trigger language plpgsql as $$
      begin if nextval('stall_once') = 1 then perform pg_sleep(0.5); end if; return null; end $$`;
    await db`create trigger stall_once before insert on outbox for each statement execute function stall_once()`;
    let both: CopyPolicyPageResult[];
    try {
      const slow = activities.copyPolicyPage({ ...page, businessId: overlapping });
      await new Promise((resolve) => setTimeout(resolve, 200));
      both = await Promise.all([slow, activities.copyPolicyPage({ ...page, businessId: overlapping })]);
    } finally {
      await db`drop trigger stall_once on outbox`;
      await db`drop function stall_once()`;
      await db`drop sequence stall_once`;
    }
    expect(both.map((r) => r.inserted)).toEqual([3, 0]);
    expect(both[1]).toMatchObject({ updated: 0, unchanged: 3 });
    expect(await policiesOf(overlapping)).toHaveLength(3);
    expect(await eventsOf(overlapping)).toHaveLength(1);
    const members = await membersOf(overlapping);
    expect(new Set(members.map((m) => `${m.policyId}|${m.memberKey}`)).size).toBe(members.length);
  });

  it('PS-6 a member the FMO policy no longer has leaves the copy on re-sync', async () => {
    const { sql: db } = service.database;
    // However it went (e.g. the FMO deleted the contact, ACC-3), Tom is no longer on the FMO's A-1.
    await db`
      delete from policy_members m using policies p
      where m.policy_id = p.id and p.tenant_id = ${fmoTenantId} and p.policy_number = 'A-1' and m.first_name = 'Tom'`;
    expect(await syncAll(business, 100)).toMatchObject({ inserted: 0, updated: 1, unchanged: 7 });
    const a1 = (await policiesOf(business)).find((p) => p.policyNumber === 'A-1')!;
    expect(a1.revision).toBe(3);
    const onA1 = (await membersOf(business)).filter((m) => m.policyId === a1.id);
    expect(onA1.map((m) => m.firstName).sort()).toEqual(['Jose', 'Maria']);
    const [event] = (await eventsOf(business)).slice(-1);
    expect(event!.data).toMatchObject({ updated: 1, inserted: 0, unchanged: 7 });
  });

  it('purging a business removes all its policies and members with a policy-deleted each, once; never an FMO\'s book', async () => {
    const fmoBefore = await policiesOf(fmoTenantId);
    const copies = await policiesOf(business);
    expect(copies).toHaveLength(8);

    expect(await activities.purgeBusinessPolicies({ businessId: business })).toEqual({ deleted: 8 });
    expect(await policiesOf(business)).toEqual([]);
    expect(await membersOf(business)).toEqual([]);
    const deletions = (await eventsOf(business)).filter((e) => e.type === 'policy.policy-deleted');
    expect(deletions.map((e) => e.aggregateId).sort()).toEqual(copies.map((p) => p.id).sort());
    expect(deletions.every((e) => e.data.reason === 'user' && e.data.deletedBy === 'agent-crm-provisioning')).toBe(true);
    const a1 = copies.find((p) => p.policyNumber === 'A-1')!;
    expect(deletions.find((e) => e.aggregateId === a1.id)!.data).toMatchObject({ revision: a1.revision + 1, accountId: a1.accountId });

    // Idempotent: nothing left, nothing published again.
    const outboxBefore = await outboxTotal();
    expect(await activities.purgeBusinessPolicies({ businessId: business })).toEqual({ deleted: 0 });
    expect(await outboxTotal()).toBe(outboxBefore);

    await expect(activities.purgeBusinessPolicies({ businessId: fmoTenantId })).rejects.toMatchObject({
      type: failureTypes.validation,
      nonRetryable: true,
    });
    expect(await policiesOf(fmoTenantId)).toEqual(fmoBefore);
  });
});
