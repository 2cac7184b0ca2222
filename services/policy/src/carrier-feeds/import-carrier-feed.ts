import { randomUUID } from 'node:crypto';
import { sqlOf, type Database, type Executor, type SqlExecutor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { validateFeedRow } from '../domain/feed-row';
import { memberFingerprint, memberKey, policyFingerprint } from '../domain/policy-content';
import { personKey } from '../domain/policy-sync';
import {
  bumpForMemberChanges,
  upsertFeedMembers,
  upsertFeedPolicies,
  writeFeedPageEvents,
  type PlacedFeedRow as PlacedRow,
  type WrittenPolicyRow,
} from '../db/policy-store';
import { recordImport, type ImportSummary, type Rejection } from '../db/feed-import-store';

/** One raw row of a feed with its 1-based data row number, or why it could not even be read. */
export type FeedInputRow = { row: number; values: unknown } | { row: number; error: string };

export type { ImportSummary, Rejection } from '../db/feed-import-store';

export interface ImportCarrierFeedCommand {
  tenantId: string;
  importedBy: string;
  format: 'csv' | 'json';
  ignoredColumns?: string[];
  rows: AsyncIterable<FeedInputRow> | Iterable<FeedInputRow>;
}

export interface ImportLimits {
  pageSize: number;
  maxRows: number;
  maxListedRejections: number;
}

export const defaultImportLimits: ImportLimits = { pageSize: 1000, maxRows: 1_000_000, maxListedRejections: 1000 };

const IMPORT_LOCK_WAIT = '3s';
const LOCK_NOT_AVAILABLE = '55P03';

/** Another import of the same tenant holds its book (one import at a time per tenant, on every instance). */
export class ImportInProgressError extends Error {
  constructor() {
    super('Another carrier feed import of this tenant is running.');
  }
}

export class FeedTooLargeError extends Error {
  constructor(readonly maxRows: number) {
    super(`A carrier feed has at most ${maxRows} rows.`);
  }
}

const OUTCOME = { unchanged: 0, updated: 1, inserted: 2 } as const;

/**
 * PS-2: imports a carrier feed (one row per member) into the tenant's book of business.
 *
 * Rows stream in and are handled in pages, each with a few set-based statements, so memory
 * stays bounded whatever the file size. The whole import is one transaction: a file that
 * breaks off (malformed, aborted upload, too large) writes nothing (X-5). Invalid rows are
 * reported with their row number and not written. Policies upsert by (carrier, policy number)
 * and members by (policy, member key), and only when their fingerprint differs, so importing
 * the same file again changes nothing: no revision, no event. A row whose policy fields
 * contradict an earlier row of the same policy, or that repeats a member, is rejected, so the
 * outcome never depends on the order of rows (and a re-import stays a no-op).
 *
 * Temporary tables (dropped at commit) remember which policies and members this import has
 * seen, so each policy is counted once, and changes once (one revision, one event), however its
 * rows are spread over pages.
 */
export async function importCarrierFeed(
  { database, fieldCipher }: { database: Database; fieldCipher: FieldCipher },
  command: ImportCarrierFeedCommand,
  limits: ImportLimits = defaultImportLimits,
): Promise<ImportSummary> {
  const { tenantId, importedBy } = command;
  const startedAt = new Date();
  const importId = randomUUID();
  const rejections = new FirstRejections(limits.maxListedRejections);
  const counts = { total: 0, valid: 0, members: { inserted: 0, updated: 0, unchanged: 0 } };

  return database.db.transaction(async (db) => {
    const tx = sqlOf(db);
    // One import of a tenant at a time: a second waits at most IMPORT_LOCK_WAIT (long enough for
    // a broken-off import to finish rolling back), then is refused (409) instead of holding a
    // connection and its upload for as long as the first one runs.
    await tx.unsafe(`set local lock_timeout = '${IMPORT_LOCK_WAIT}'`);
    try {
      await tx`select pg_advisory_xact_lock(hashtext(${`carrier-feed:${tenantId}`}))`;
    } catch (error) {
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) throw new ImportInProgressError();
      throw error;
    }
    await tx.unsafe(`set local lock_timeout = 0`);
    await tx`create temp table feed_policies (
      carrier text not null, policy_number text not null, fingerprint text not null,
      first_row int not null, outcome smallint not null default 0,
      primary key (carrier, policy_number)) on commit drop`;
    await tx`create temp table feed_members (
      carrier text not null, policy_number text not null, member_key text not null, first_row int not null,
      primary key (carrier, policy_number, member_key)) on commit drop`;

    const reject = (row: number, reason: string) => rejections.add({ row, reason });
    const page = new PageWriter(db, fieldCipher, { tenantId, importedBy, importId }, reject, counts);
    // One page is written while the next is read and validated: the database and this process
    // work at the same time, and at most two pages are held.
    let writing: Promise<void> = Promise.resolve();
    const write = async (rows: PlacedRow[]) => {
      await writing;
      writing = page.write(rows);
      writing.catch(() => {}); // observed when awaited; a failure must not go unhandled meanwhile
    };
    let buffered: PlacedRow[] = [];
    try {
      for await (const input of command.rows) {
        counts.total++;
        if (counts.total > limits.maxRows) throw new FeedTooLargeError(limits.maxRows);
        if ('error' in input) {
          reject(input.row, input.error);
          continue;
        }
        const result = validateFeedRow(input.values);
        if (!result.ok) {
          reject(input.row, result.reason);
          continue;
        }
        buffered.push({
          row: input.row,
          feed: result.row,
          policyFingerprint: policyFingerprint(result.row.policy),
          memberKey: memberKey(fieldCipher, result.row.member),
          memberFingerprint: memberFingerprint(fieldCipher, result.row.member),
          personKey: personKey(fieldCipher, result.row.member, result.row),
        });
        if (buffered.length >= limits.pageSize) {
          await write(buffered);
          buffered = [];
        }
      }
      if (buffered.length > 0) await write(buffered);
    } finally {
      // Whatever ends the loop (a broken upload, a malformed file), the page in flight finishes
      // before the transaction ends: no statement of this import may run after its ROLLBACK.
      await writing.catch(() => {});
    }
    await writing;

    const outcomes = await tx<{ outcome: number; n: number }[]>`
      select outcome, count(*)::int as n from feed_policies group by outcome`;
    const policyCount = (outcome: number) => outcomes.find((o) => o.outcome === outcome)?.n ?? 0;
    const summary: ImportSummary = {
      importId,
      rows: { total: counts.total, valid: counts.valid, rejected: rejections.count },
      policies: {
        inserted: policyCount(OUTCOME.inserted),
        updated: policyCount(OUTCOME.updated),
        unchanged: policyCount(OUTCOME.unchanged),
      },
      members: counts.members,
      rejections: rejections.list(),
      rejectionsOmitted: rejections.count - rejections.list().length,
      ignoredColumns: command.ignoredColumns ?? [],
    };
    await recordImport(db, { tenantId, importedBy, format: command.format, startedAt }, summary);
    return summary;
  });
}

const policyKey = (row: PlacedRow) => `${row.feed.carrier}\u0000${row.feed.policyNumber}`;
const memberIdentity = (row: PlacedRow) => `${policyKey(row)}\u0000${row.memberKey}`;
const byKey = (a: PlacedRow, b: PlacedRow) => (policyKey(a) < policyKey(b) ? -1 : policyKey(a) > policyKey(b) ? 1 : 0);

/** Writes one page of validated rows with a handful of set-based statements. */
class PageWriter {
  eventsWritten = 0;
  private pages = 0;

  private readonly tx: SqlExecutor;

  constructor(
    private readonly db: Executor,
    private readonly cipher: FieldCipher,
    private readonly who: { tenantId: string; importedBy: string; importId: string },
    private readonly reject: (row: number, reason: string) => void,
    private readonly counts: { valid: number; members: { inserted: number; updated: number; unchanged: number } },
  ) {
    this.tx = sqlOf(db);
  }

  async write(page: PlacedRow[]): Promise<void> {
    const { rows, changedEarlier } = await this.keepConsistentRows(page);
    if (rows.length === 0) return;
    this.counts.valid += rows.length;

    const { db, cipher, who } = this;
    const policies = await upsertFeedPolicies(db, who, distinctPolicies(rows).sort(byKey));
    const members = await upsertFeedMembers(db, cipher, who, rows, policies);
    this.counts.members.inserted += members.inserted;
    this.counts.members.updated += members.updated;
    this.counts.members.unchanged += members.unchanged;
    // The import is one transaction, so it is one change per policy: a policy that an earlier page
    // already inserted or changed is not bumped again when more of its members arrive.
    for (const row of rows) if (changedEarlier.has(policyKey(row))) members.changedPolicyIds.delete(policies.idOf(row));
    const bumped = await bumpForMemberChanges(db, who, members.changedPolicyIds, policies.changed);
    const changed = [...policies.changed, ...bumped];
    await this.recordOutcomes(changed);
    if (changed.length > 0) this.eventsWritten += await writeFeedPageEvents(db, { ...who, page: this.pages++ }, changed, policies.previous);
  }

  /**
   * Rejects rows that contradict an earlier row of this import: other policy fields for the same
   * policy, or the same member again. Earlier pages are remembered in the temporary tables; each
   * statement records the page's new keys and returns the ones an earlier page recorded.
   */
  private async keepConsistentRows(page: PlacedRow[]): Promise<{ rows: PlacedRow[]; changedEarlier: Set<string> }> {
    const { tx } = this;
    const firstOfPolicy = new Map<string, PlacedRow>();
    const firstOfMember = new Map<string, number>();
    const candidates: PlacedRow[] = [];
    for (const row of page) {
      const first = firstOfPolicy.get(policyKey(row));
      if (first && first.policyFingerprint !== row.policyFingerprint) {
        this.reject(row.row, `policy fields differ from row ${first.row} of the same policy`);
        continue;
      }
      if (!first) firstOfPolicy.set(policyKey(row), row);
      const sameMember = firstOfMember.get(memberIdentity(row));
      if (sameMember !== undefined) {
        this.reject(row.row, duplicateMemberReason(row, sameMember));
        continue;
      }
      firstOfMember.set(memberIdentity(row), row.row);
      candidates.push(row);
    }

    // Records the page's new keys and returns, through the arbiter index, the ones recorded before
    // (the no-op update leaves them as they were; xmax = 0 marks a fresh insert).
    const firsts = [...firstOfPolicy.values()];
    const seenPolicies = await tx<
      { carrier: string; policy_number: string; fingerprint: string; first_row: number; outcome: number; inserted: boolean }[]
    >`
      insert into feed_policies as f (carrier, policy_number, fingerprint, first_row)
      select * from unnest(
        ${firsts.map((r) => r.feed.carrier)}::text[], ${firsts.map((r) => r.feed.policyNumber)}::text[],
        ${firsts.map((r) => r.policyFingerprint)}::text[], ${firsts.map((r) => r.row)}::int[])
      on conflict (carrier, policy_number) do update set first_row = f.first_row
      returning f.carrier, f.policy_number, f.fingerprint, f.first_row, f.outcome, (xmax = 0) as inserted`;
    const earlierPolicies = seenPolicies.filter((p) => !p.inserted);
    const changedEarlier = new Set(earlierPolicies.filter((p) => p.outcome > 0).map((p) => `${p.carrier}\u0000${p.policy_number}`));
    const earlierPolicy = new Map(earlierPolicies.map((p) => [`${p.carrier}\u0000${p.policy_number}`, p]));
    const consistent = candidates.filter((row) => {
      const policy = earlierPolicy.get(policyKey(row));
      if (!policy || policy.fingerprint === row.policyFingerprint) return true;
      this.reject(row.row, `policy fields differ from row ${policy.first_row} of the same policy`);
      return false;
    });
    if (consistent.length === 0) return { rows: [], changedEarlier };

    const seenMembers = await tx<{ carrier: string; policy_number: string; member_key: string; first_row: number; inserted: boolean }[]>`
      insert into feed_members as f (carrier, policy_number, member_key, first_row)
      select * from unnest(
        ${consistent.map((r) => r.feed.carrier)}::text[], ${consistent.map((r) => r.feed.policyNumber)}::text[],
        ${consistent.map((r) => r.memberKey)}::text[], ${consistent.map((r) => r.row)}::int[])
      on conflict (carrier, policy_number, member_key) do update set first_row = f.first_row
      returning f.carrier, f.policy_number, f.member_key, f.first_row, (xmax = 0) as inserted`;
    const earlierMembers = seenMembers.filter((m) => !m.inserted);
    const earlierMember = new Map(earlierMembers.map((m) => [`${m.carrier}\u0000${m.policy_number}\u0000${m.member_key}`, m.first_row]));
    const rows = consistent.filter((row) => {
      const first = earlierMember.get(memberIdentity(row));
      if (first === undefined) return true;
      this.reject(row.row, duplicateMemberReason(row, first));
      return false;
    });
    return { rows, changedEarlier };
  }

  private async recordOutcomes(changed: WrittenPolicyRow[]): Promise<void> {
    if (changed.length === 0) return;
    // Every key is there already: an upsert is an update that finds its rows through the index.
    await this.tx`
      insert into feed_policies as f (carrier, policy_number, fingerprint, first_row, outcome)
      select k.carrier, k.policy_number, '', 0, k.outcome from unnest(
        ${changed.map((p) => p.carrier)}::text[], ${changed.map((p) => p.policy_number)}::text[],
        ${changed.map((p) => (p.inserted ? OUTCOME.inserted : OUTCOME.updated))}::smallint[]
      ) as k(carrier, policy_number, outcome)
      on conflict (carrier, policy_number) do update set outcome = greatest(f.outcome, excluded.outcome)`;
  }

}

/** The first `limit` rejections by row number, and how many there were in all. */
class FirstRejections {
  count = 0;
  private readonly kept: Rejection[] = [];
  private maxIndex = -1;

  constructor(private readonly limit: number) {}

  add(rejection: Rejection): void {
    this.count++;
    if (this.kept.length < this.limit) {
      this.kept.push(rejection);
      this.maxIndex = -1;
      return;
    }
    // Pages overlap, so a row may be rejected after a later one: keep the lowest row numbers.
    if (this.maxIndex < 0) this.maxIndex = this.kept.reduce((max, r, i) => (r.row > this.kept[max]!.row ? i : max), 0);
    if (rejection.row < this.kept[this.maxIndex]!.row) {
      this.kept[this.maxIndex] = rejection;
      this.maxIndex = -1;
    }
  }

  list(): Rejection[] {
    return [...this.kept].sort((a, b) => a.row - b.row);
  }
}

/** The first row of each policy among the rows, in row order. */
function distinctPolicies(rows: PlacedRow[]): PlacedRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(policyKey(r)) && seen.add(policyKey(r)));
}

function duplicateMemberReason(row: PlacedRow, firstRow: number): string {
  return row.memberKey === 'policyholder'
    ? `a second policyholder for the policy (the first is in row ${firstRow})`
    : `the same member (name and date of birth) as row ${firstRow}`;
}
