import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  accountStatuses,
  buildEvent,
  memberRelationships,
  policySyncPageAppliedV1,
  syncedPageColumns,
  type AccountStatus,
  type ApplyPolicySyncPageInput,
  type ContactRelation,
  type ContactRole,
  type MemberRelationship,
  type SyncedContactsResult,
} from '@agencyflow/contracts';
import { ruleCase, sqlOf, writeOutbox, type Database, type SqlExecutor } from '@agencyflow/db';
import { describeChange } from '../consumers/describe-event';
import { statusFromPolicies } from '../domain/account-status';
import { syncedContactPlacement } from '../domain/contact-roles';

const SYNC_ACTOR = 'policy-sync';

/** Where the account side reads a copied page from: the policy service (see policy-service-pages.ts). */
export interface SyncedPageSource {
  open(page: { businessId: string; after: string | null; through: string }): Promise<Readable>;
}

// The rules, written once in the domain, applied set-based (see ruleCase).
const relationship: { sql: string; values: readonly MemberRelationship[] } = { sql: 'c.relationship', values: memberRelationships };
const holdsPolicy = { sql: 'c.holds_policy', values: [true, false] };
const otherPrimary = { sql: 'c.other_primary', values: [true, false] };
const roleSql = ruleCase<{ relationship: MemberRelationship; holdsPolicy: boolean; otherPrimary: boolean }>(
  { relationship, holdsPolicy, otherPrimary },
  (i) => syncedContactPlacement({ holdsPolicy: i.holdsPolicy, relationship: i.relationship }, i.otherPrimary).role,
);
const relationSql = ruleCase<{ relationship: MemberRelationship; holdsPolicy: boolean; otherPrimary: boolean }>(
  { relationship, holdsPolicy, otherPrimary },
  (i) => syncedContactPlacement({ holdsPolicy: i.holdsPolicy, relationship: i.relationship }, i.otherPrimary).relation,
);
const statusSql = ruleCase<{ current: AccountStatus; hasActive: boolean }>(
  { current: { sql: 'l.status', values: accountStatuses }, hasActive: { sql: 'l.has_active', values: [true, false] } },
  (i) => statusFromPolicies(i.current, i.hasActive ? 1 : 0),
);
/** The same rule for an account the page opens (as a prospect). */
const newAccountStatusSql = ruleCase<{ hasActive: boolean }>({ hasActive: { sql: 'l.has_active', values: [true, false] } }, (i) =>
  statusFromPolicies('prospect', i.hasActive ? 1 : 0),
);

/**
 * PS-5 (with ACC-1/2, ACC-6/8 and ACC-9): one copied page of a policy sync becomes accounts and
 * contacts of the business, in one transaction of a few set-based statements:
 * - the page's rows stream from the policy service straight into a temporary table (COPY), with
 *   protected fields as the ciphertext they are: nothing is decrypted or re-encrypted;
 * - one account per policyholder (deterministic ids: a retried or repeated page changes nothing);
 * - contacts, placed by syncedContactPlacement; a changed member updates its contact, an
 *   unchanged one (same member fingerprint) is not touched; a person keeps the first account they
 *   were synced into;
 * - the page's policy summaries (newer revisions only), the account statuses they imply
 *   (statusFromPolicies) cascaded to the contacts, and a history line per change;
 * - one coarse event for the page, instead of one per account, contact and status change.
 */
export async function applyPolicySyncPage(
  { database, pages }: { database: Database; pages: SyncedPageSource },
  { businessId, runId, page, after, through }: ApplyPolicySyncPageInput,
): Promise<SyncedContactsResult> {
  return database.db.transaction(async (db) => {
    const tx = sqlOf(db);
    // Pages of one business take turns: a retry overlapping a slow first attempt waits, then finds nothing to do.
    await tx`select pg_advisory_xact_lock(hashtext(${`account-policy-sync:${businessId}`}))`;
    await tx.unsafe(`create temp table synced_page (${syncedPageColumns.map(([name, type]) => `${name} ${type}`).join(', ')}) on commit drop`);
    const rows = await pages.open({ businessId, after, through });
    await pipeline(rows, await tx`copy synced_page from stdin`.writable());
    // Real row counts for the planner: a temporary table has no statistics until analysed, and a
    // misestimate turns primary-key lookups into scans of the whole tenant.
    await tx`analyze synced_page`;

    // Summaries first: a new account is born with the status its policies give it (one write).
    const summaries = await upsertPolicySummaries(tx, businessId);
    const accounts = await insertAccounts(tx, businessId);
    const contacts = await upsertContacts(tx, businessId);
    const statuses = await applyPolicyStatuses(tx, businessId, new Set(accounts.map((a) => a.id)));
    await writeHistory(tx, businessId, { accounts, contacts: contacts.written, summaries, statuses });

    const created = contacts.written.filter((c) => c.inserted);
    const changedAccounts = new Map<string, { accountId: string; name: string; status: AccountStatus }>();
    for (const a of accounts) changedAccounts.set(a.id, { accountId: a.id, name: a.name, status: a.status });
    for (const s of statuses) changedAccounts.set(s.id, { accountId: s.id, name: s.name, status: s.status });
    await writeOutbox(db, [
      buildEvent(policySyncPageAppliedV1, {
        tenantId: businessId,
        aggregateId: businessId,
        data: {
          businessId,
          runId,
          page,
          accounts: [...changedAccounts.values()],
          contacts: created.map((c) => ({ contactId: c.id, accountId: c.account_id, role: c.role })),
          counts: {
            accountsCreated: accounts.length,
            contactsCreated: created.length,
            contactsUpdated: contacts.written.length - created.length,
            policySummaries: summaries.length,
            statusChanges: statuses.length + accounts.filter((a) => a.status !== 'prospect').length,
          },
          appliedBy: SYNC_ACTOR,
        },
      }),
    ]);
    return {
      accountsCreated: accounts.length,
      contactsCreated: created.length,
      contactsUpdated: contacts.written.length - created.length,
      membersWithoutEmail: contacts.withoutEmail,
    };
  });
}

/**
 * One account per policyholder, named after them, opened as a prospect and at once given the
 * status its policies imply (ACC-6: active with an active policy); existing accounts are left alone.
 */
function insertAccounts(tx: SqlExecutor, businessId: string) {
  return tx<{ id: string; name: string; status: AccountStatus }[]>`
    insert into accounts as a (id, tenant_id, name, status, created_by)
    select l.id, ${businessId}, l.name, ${tx.unsafe(newAccountStatusSql)}, ${SYNC_ACTOR}
    from (
      select distinct on (r.account_id) r.account_id as id, r.first_name || ' ' || r.last_name as name,
        exists (select 1 from policy_summaries s
                where s.tenant_id = ${businessId} and s.account_id = r.account_id and s.status = 'active' and not s.deleted) as has_active
      from synced_page r
      where r.account_id is not null and r.contact_id = r.policyholder_contact_id
      order by r.account_id, r.synced_from
    ) l
    order by l.id
    on conflict (id) do nothing
    returning a.id, a.name, a.status`;
}

interface WrittenContact {
  id: string;
  inserted: boolean;
  account_id: string;
  role: ContactRole;
  relation: ContactRelation | null;
  first_name: string;
  last_name: string;
}

/**
 * The page's people, once each, from their best member row (`sync_rank`: a row that holds its
 * policy first, then the lowest source policy id and member key), inserted with their account's
 * status (ACC-8), or updated when that row's data changed or a better row turned up (fields only:
 * a contact never moves account or role through a sync). Whatever the page size, a person ends
 * up with the fields of their best row in the whole book, which is what the preview counts (PS-9).
 */
async function upsertContacts(tx: SqlExecutor, businessId: string): Promise<{ written: WrittenContact[]; withoutEmail: number }> {
  await tx`
    create temp table synced_people on commit drop as
    select distinct on (r.contact_id) r.*
    from (
      select p.*, (case when p.contact_id = p.policyholder_contact_id then '0' else '1' end) || p.synced_from::text || '|' || p.member_key as sync_rank
      from synced_page p where p.contact_id is not null
    ) r
    order by r.contact_id, r.sync_rank collate "C"`;
  await tx`analyze synced_people`;
  const [people] = await tx<{ without_email: number }[]>`
    select (count(*) filter (where coalesce(email, '') = ''))::int as without_email from synced_people`;
  const written = await tx<WrittenContact[]>`
    with c as materialized (
      -- Materialized: the role rules read other_primary several times; it is looked up once a person.
      select p.*, p.contact_id = p.policyholder_contact_id as holds_policy,
        exists (select 1 from contacts o where o.account_id = p.account_id and o.role = 'primary' and o.id <> p.contact_id) as other_primary
      from synced_people p
    )
    insert into contacts as t (
      id, tenant_id, account_id, role, relation, status, source, first_name, last_name, email, cell_phone,
      address_line1, city, state, zip, gender, date_of_birth_enc, mbi_enc, sync_fingerprint, sync_rank, created_by)
    select c.contact_id, ${businessId}, c.account_id, ${tx.unsafe(roleSql)}, ${tx.unsafe(relationSql)}, a.status, 'policy-sync',
      c.first_name, c.last_name, c.email, c.phone, c.address_line1, c.city, c.state, c.zip,
      case when c.gender in ('female', 'male') then c.gender when c.gender is null then null else 'unknown' end,
      c.date_of_birth_enc, c.mbi_enc, c.member_fingerprint, c.sync_rank, ${SYNC_ACTOR}
    from c
    join accounts a on a.id = c.account_id and a.tenant_id = ${businessId}
    order by c.contact_id
    on conflict (id) do update set
      first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email, cell_phone = excluded.cell_phone,
      address_line1 = excluded.address_line1, city = excluded.city, state = excluded.state, zip = excluded.zip, gender = excluded.gender,
      date_of_birth_enc = excluded.date_of_birth_enc, mbi_enc = excluded.mbi_enc, sync_fingerprint = excluded.sync_fingerprint,
      sync_rank = excluded.sync_rank, updated_at = now()
    where (t.sync_rank is null or excluded.sync_rank <= t.sync_rank collate "C")
      and (t.sync_fingerprint is distinct from excluded.sync_fingerprint or t.sync_rank is distinct from excluded.sync_rank)
    returning t.id, (xmax = 0) as inserted, t.account_id, t.role, t.relation, t.first_name, t.last_name`;
  return { written, withoutEmail: people?.without_email ?? 0 };
}

interface WrittenSummary {
  policy_id: string;
  inserted: boolean;
  account_id: string | null;
  policyholder_contact_id: string | null;
  carrier: string;
  policy_number: string;
  coverage_type: string;
  status: string;
}

/** The page's policies as the account service's read model keeps them (newer revisions only). */
function upsertPolicySummaries(tx: SqlExecutor, businessId: string) {
  return tx<WrittenSummary[]>`
    insert into policy_summaries as s (
      policy_id, tenant_id, revision, deleted, account_id, policyholder_contact_id, member_contact_ids, carrier, policy_number,
      coverage_type, status, effective_date, renewal_date, premium, updated_at)
    select r.policy_id, ${businessId}, r.revision, false, r.account_id, r.policyholder_contact_id,
      coalesce(array_agg(distinct r.contact_id order by r.contact_id) filter (where r.contact_id is not null), '{}'),
      r.carrier, r.policy_number, r.coverage_type, r.status, r.effective_date, r.renewal_date, r.premium, now()
    from synced_page r
    group by r.policy_id, r.revision, r.account_id, r.policyholder_contact_id, r.carrier, r.policy_number, r.coverage_type,
      r.status, r.effective_date, r.renewal_date, r.premium
    order by r.policy_id
    on conflict (policy_id) do update set
      revision = excluded.revision, deleted = false, account_id = excluded.account_id,
      policyholder_contact_id = excluded.policyholder_contact_id, member_contact_ids = excluded.member_contact_ids,
      carrier = excluded.carrier, policy_number = excluded.policy_number, coverage_type = excluded.coverage_type,
      status = excluded.status, effective_date = excluded.effective_date, renewal_date = excluded.renewal_date,
      premium = excluded.premium, updated_at = now()
    where s.revision < excluded.revision and s.tenant_id = excluded.tenant_id
    returning s.policy_id, (xmax = 0) as inserted, s.account_id, s.policyholder_contact_id, s.carrier, s.policy_number,
      s.coverage_type, s.status`;
}

interface StatusChange {
  id: string;
  name: string;
  previous: AccountStatus;
  status: AccountStatus;
  contacts: number;
}

/**
 * ACC-6 for the page's accounts that existed before it, from the policy summaries (this page's
 * included), and ACC-8: a changed status cascades to the account's contacts (those this page
 * added included). Accounts the page opened already have theirs.
 */
async function applyPolicyStatuses(tx: SqlExecutor, businessId: string, opened: Set<string>): Promise<StatusChange[]> {
  const changed = await tx<Omit<StatusChange, 'contacts'>[]>`
    with page_account as (
      select distinct account_id as id from synced_page where account_id is not null and account_id <> all(${[...opened]}::uuid[])
    ), locked as (
      select a.id, a.status,
        exists (select 1 from policy_summaries s
                where s.tenant_id = ${businessId} and s.account_id = a.id and s.status = 'active' and not s.deleted) as has_active
      from accounts a join page_account p on p.id = a.id
      where a.tenant_id = ${businessId}
      order by a.id
      for update of a
    ), next as (
      select l.id, l.status as previous, ${tx.unsafe(statusSql)} as status from locked l
    )
    update accounts a set status = n.status, updated_at = now()
    from next n
    where a.id = n.id and n.status <> n.previous
    returning a.id, a.name, n.previous, a.status`;
  if (changed.length === 0) return [];
  const cascaded = await tx<{ account_id: string; n: number }[]>`
    with touched as (
      update contacts c set status = a.status, updated_at = now()
      from accounts a
      where a.tenant_id = ${businessId} and a.id = any(${changed.map((c) => c.id)}::uuid[])
        and c.account_id = a.id and c.status <> a.status
      returning c.account_id
    )
    select account_id, count(*)::int as n from touched group by account_id`;
  const contactsOf = new Map(cascaded.map((c) => [c.account_id, c.n]));
  return changed.map((c) => ({ ...c, contacts: contactsOf.get(c.id) ?? 0 }));
}

/** ACC-9: one history line per change of the page, worded as the history consumer words events. */
async function writeHistory(
  tx: SqlExecutor,
  businessId: string,
  page: { accounts: { id: string; name: string; status: AccountStatus }[]; contacts: WrittenContact[]; summaries: WrittenSummary[]; statuses: StatusChange[] },
): Promise<void> {
  const lines: { accountId: string; contactId: string | null; source: string; type: string; summary: string }[] = [];
  const add = (accountId: string | null, contactId: string | null, type: string, data: Record<string, unknown>) => {
    if (accountId) lines.push({ accountId, contactId, source: type.split('.')[0]!, type, summary: describeChange(type, data) });
  };
  for (const a of page.accounts) add(a.id, null, 'account.account-created', { name: a.name, status: 'prospect' });
  for (const c of page.contacts.filter((w) => w.inserted)) {
    add(c.account_id, c.id, 'account.contact-added', { role: c.role, relation: c.relation, displayName: `${c.first_name} ${c.last_name}` });
  }
  for (const s of page.summaries) {
    add(s.account_id, s.policyholder_contact_id, 'policy.policy-changed', {
      carrier: s.carrier,
      policyNumber: s.policy_number,
      change: s.inserted ? 'created' : 'updated',
      coverageType: s.coverage_type,
      status: s.status,
    });
  }
  // An account the page opened with an active policy went prospect -> active in the same breath.
  const contactsIn = new Map<string, number>();
  for (const c of page.contacts) if (c.inserted) contactsIn.set(c.account_id, (contactsIn.get(c.account_id) ?? 0) + 1);
  const statusLines = [
    ...page.accounts.filter((a) => a.status !== 'prospect').map((a) => ({ id: a.id, previous: 'prospect', status: a.status, contacts: contactsIn.get(a.id) ?? 0 })),
    ...page.statuses,
  ];
  for (const s of statusLines) {
    add(s.id, null, 'account.account-status-changed', { previousStatus: s.previous, status: s.status, cause: 'policies', contactCount: s.contacts });
  }
  if (lines.length === 0) return;
  // A line's contact is kept only if that contact exists (a policyholder may live in another account).
  await tx`
    insert into history (event_id, tenant_id, account_id, contact_id, occurred_at, source, event_type, summary, actor)
    select u.event_id, ${businessId}, u.account_id,
      (select c.id from contacts c where c.id = u.contact_id and c.account_id = u.account_id),
      now() + u.n * interval '1 microsecond', u.source, u.event_type, u.summary, ${SYNC_ACTOR}
    from unnest(
      ${lines.map(() => randomUUID())}::uuid[], ${lines.map((l) => l.accountId)}::uuid[], ${lines.map((l) => l.contactId)}::text[]::uuid[],
      ${lines.map((l) => l.source)}::text[], ${lines.map((l) => l.type)}::text[], ${lines.map((l) => l.summary)}::text[]
    ) with ordinality as u(event_id, account_id, contact_id, source, event_type, summary, n)`;
}

/** PS-9: the business's contacts made by its policy sync, and those without an email. */
export async function countSyncedContacts(database: Database, businessId: string): Promise<{ contacts: number; contactsWithoutEmail: number }> {
  const [row] = await database.sql<{ contacts: number; contacts_without_email: number }[]>`
    select count(*)::int as contacts, (count(*) filter (where coalesce(email, '') = ''))::int as contacts_without_email
    from contacts where tenant_id = ${businessId} and source = 'policy-sync'`;
  return { contacts: row?.contacts ?? 0, contactsWithoutEmail: row?.contacts_without_email ?? 0 };
}
