import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { syncedPageColumns, type AccountStatus, type ApplyPolicySyncPageInput, type Outcome, type SyncedContactsResult } from '@agencyflow/contracts';
import { sqlOf, type Database, type Executor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { insertSyncedAccounts, lockAccountKeys, setAccountStatuses, SYNC_ACTOR, upsertSyncedContacts } from '../db/account-store';
import { announceSyncedPage } from '../db/business-store';
import { insertHistoryLines } from '../db/history-store';
import { upsertSyncedPolicySummaries } from '../db/policy-summary-store';
import { birthYearOf } from '../domain/birth-dates';
import { syncedPageHistory } from './synced-page-history';

/** Where the account side reads a copied page from: the policy service (see policy-service-pages.ts). */
export interface SyncedPageSource {
  open(page: { businessId: string; after: string | null; through: string }): Promise<Readable>;
}

/**
 * PS-5 (with ACC-1/2, ACC-6/8 and ACC-9): one copied page of a policy sync becomes accounts and
 * contacts of the business, in one transaction of a few set-based statements:
 * - the page's rows stream from the policy service straight into a temporary table (COPY), with
 *   protected fields as the ciphertext they are: nothing is re-encrypted, and only the dates of
 *   birth are decrypted, in memory, for the year SR-1 searches narrow by (decision 0025);
 * - one account per policyholder (deterministic ids: a retried or repeated page changes nothing);
 * - contacts, placed by syncedContactPlacement; a changed member updates its contact, an
 *   unchanged one (same member fingerprint) is not touched; a person keeps the first account they
 *   were synced into;
 * - the page's policy summaries (newer revisions only), the account statuses they imply
 *   (statusFromPolicies) cascaded to the contacts, and a history line per change;
 * - one coarse event for the page, instead of one per account, contact and status change.
 * The writes are the stores'; this slice loads the page and decides the order.
 */
export async function applyPolicySyncPage(
  { database, pages, cipher }: { database: Database; pages: SyncedPageSource; cipher: FieldCipher },
  { businessId, runId, page, after, through }: ApplyPolicySyncPageInput,
): Promise<Outcome<'applied', { counts: SyncedContactsResult }>> {
  return database.db.transaction(async (tx) => {
    const sql = sqlOf(tx);
    // Pages of one business take turns: a retry overlapping a slow first attempt waits, then finds nothing to do.
    await sql`select pg_advisory_xact_lock(hashtext(${`account-policy-sync:${businessId}`}))`;
    await sql.unsafe(`create temp table synced_page (${syncedPageColumns.map(([name, type]) => `${name} ${type}`).join(', ')}) on commit drop`);
    const rows = await pages.open({ businessId, after, through });
    await pipeline(rows, await sql`copy synced_page from stdin`.writable());
    // Real row counts for the planner: a temporary table has no statistics until analysed, and a
    // misestimate turns primary-key lookups into scans of the whole tenant.
    await sql`analyze synced_page`;

    // The page's accounts' keys first (ACC-6/ACC-8): a policy event for one of them, or a status
    // change, waits for this page or is waited for, never interleaves with it.
    const pageAccounts = await sql<{ account_id: string }[]>`select distinct account_id from synced_page where account_id is not null`;
    await lockAccountKeys(tx, pageAccounts.map((a) => a.account_id));
    // Summaries first: a new account is born with the status its policies give it (one write).
    const summaries = await upsertSyncedPolicySummaries(tx, businessId);
    const accounts = await insertSyncedAccounts(tx, businessId);
    const withoutEmail = await loadSyncedPeople(tx);
    await addBirthYears(tx, cipher);
    const contacts = await upsertSyncedContacts(tx, businessId);
    // ACC-6 for the page's accounts that existed before it (the page's summaries included), with
    // ACC-8's cascade to their contacts (those this page added included). Accounts the page
    // opened already have theirs.
    const statuses = await setAccountStatuses(tx, {
      tenantId: businessId,
      accountIds: await accountsBeforePage(tx, accounts.map((a) => a.id)),
      to: 'from-policies',
    });
    await insertHistoryLines(tx, businessId, syncedPageHistory({ accounts, contacts, summaries, statuses }), SYNC_ACTOR);

    const created = contacts.filter((c) => c.inserted);
    const changedAccounts = new Map<string, { accountId: string; name: string; status: AccountStatus }>();
    for (const a of accounts) changedAccounts.set(a.id, { accountId: a.id, name: a.name, status: a.status });
    for (const s of statuses) changedAccounts.set(s.accountId, { accountId: s.accountId, name: s.name, status: s.status });
    await announceSyncedPage(tx, businessId, {
      businessId,
      runId,
      page,
      accounts: [...changedAccounts.values()],
      contacts: created.map((c) => ({ contactId: c.id, accountId: c.account_id, role: c.role })),
      // X-2: a contact whose fields the page changed is a change too (nothing else of it moves in a sync).
      updatedContacts: contacts.filter((c) => !c.inserted).map((c) => ({ contactId: c.id, accountId: c.account_id })),
      counts: {
        accountsCreated: accounts.length,
        contactsCreated: created.length,
        contactsUpdated: contacts.length - created.length,
        policySummaries: summaries.length,
        statusChanges: statuses.length + accounts.filter((a) => a.status !== 'prospect').length,
      },
      appliedBy: SYNC_ACTOR,
    });
    return {
      outcome: 'applied',
      counts: {
        accountsCreated: accounts.length,
        contactsCreated: created.length,
        contactsUpdated: contacts.length - created.length,
        membersWithoutEmail: withoutEmail,
      },
    };
  });
}

/**
 * The page's people, once each, from their best member row (`sync_rank`: a row that holds its
 * policy first, then the lowest source policy id and member key), into the temporary table
 * `synced_people` the account store upserts contacts from. Returns how many have no email (PS-5).
 */
async function loadSyncedPeople(tx: Executor): Promise<number> {
  const sql = sqlOf(tx);
  await sql`
    create temp table synced_people on commit drop as
    select distinct on (r.contact_id) r.*
    from (
      select p.*, (case when p.contact_id = p.policyholder_contact_id then '0' else '1' end) || p.synced_from::text || '|' || p.member_key as sync_rank
      from synced_page p where p.contact_id is not null
    ) r
    order by r.contact_id, r.sync_rank collate "C"`;
  await sql`analyze synced_people`;
  const [people] = await sql<{ without_email: number }[]>`
    select (count(*) filter (where coalesce(email, '') = ''))::int as without_email from synced_people`;
  return people?.without_email ?? 0;
}

/**
 * SR-1: the year of each person's date of birth, in the clear beside the ciphertext, which the
 * contacts are written with (decision 0025). The dates are decrypted here in memory only; one
 * that cannot be read (its key left the ring) gives no year, so searches still decrypt it.
 */
async function addBirthYears(tx: Executor, cipher: FieldCipher): Promise<void> {
  const sql = sqlOf(tx);
  await sql`alter table synced_people add column birth_year smallint`;
  const people = await sql<{ contact_id: string; date_of_birth_enc: string }[]>`
    select contact_id, date_of_birth_enc from synced_people where date_of_birth_enc is not null`;
  const known = people.flatMap((p) => {
    const year = birthYearOf(cipher.decryptIfReadable(p.date_of_birth_enc));
    return year === null ? [] : [{ id: p.contact_id, year }];
  });
  if (known.length === 0) return;
  await sql`
    update synced_people p set birth_year = y.year
    from unnest(${known.map((k) => k.id)}::uuid[], ${known.map((k) => k.year)}::smallint[]) as y(id, year)
    where p.contact_id = y.id`;
}

/** The page's accounts other than those it opened. */
async function accountsBeforePage(tx: Executor, opened: string[]): Promise<string[]> {
  const rows = await sqlOf(tx)<{ id: string }[]>`
    select distinct account_id as id from synced_page where account_id is not null and account_id <> all(${opened}::uuid[])`;
  return rows.map((r) => r.id);
}
