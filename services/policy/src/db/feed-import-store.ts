import { sqlOf } from '@agencyflow/db';
import type { Tx } from './tx';

/**
 * The store of carrier feed imports as jobs (PS-2, decision 0033): the import row (state, queue
 * place, cursor, counters), its rows (staged ciphertext, then outcome) and its scratch (the
 * policies and members it has seen). Every write to those tables is here.
 */

export type ImportState = 'queued' | 'importing' | 'completed' | 'failed';

export interface ImportCursor {
  tenant_id: string;
  imported_by: string;
  state: ImportState;
  queue_position: number;
  next_row: number;
  pages_written: number;
  rows_done: number;
  rows_rejected: number;
}

/** A staged row (ciphertext) or a row rejected on arrival (its reason). */
export type UploadedRow = { row: number; staged: string } | { row: number; reason: string };

/** One row's outcome once its page is written. */
export type WrittenRowOutcome =
  | { row: number; outcome: 'inserted' | 'updated' | 'unchanged'; policyId: string }
  | { row: number; outcome: 'rejected'; reason: string };

export async function insertQueuedImport(
  db: Tx,
  job: { importId: string; tenantId: string; importedBy: string; format: 'csv' | 'json'; ignoredColumns: string[] },
): Promise<void> {
  await sqlOf(db)`
    insert into carrier_feed_imports (
        id, tenant_id, imported_by, format, state, started_at, rows_total, rows_valid, rows_rejected,
        policies_inserted, policies_updated, policies_unchanged, members_inserted, members_updated, members_unchanged,
        ignored_columns)
      values (${job.importId}, ${job.tenantId}, ${job.importedBy}, ${job.format}, 'queued', now(), 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ${JSON.stringify(job.ignoredColumns)}::text::jsonb)`;
}

/** One batch of an upload's rows, in one INSERT. */
export async function insertUploadedRows(db: Tx, importId: string, tenantId: string, rows: UploadedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sqlOf(db)`
    insert into carrier_feed_import_rows (import_id, tenant_id, row, staged, outcome, reason)
    select ${importId}::uuid, ${tenantId}, k.row, k.staged, case when k.reason is null then null else 'rejected' end, k.reason
    from unnest(
      ${rows.map((r) => r.row)}::int[], ${rows.map((r) => ('staged' in r ? r.staged : null))}::text[],
      ${rows.map((r) => ('reason' in r ? r.reason : null))}::text[]) as k(row, staged, reason)`;
}

/**
 * The upload is whole: its counts, and its place in the tenant's queue, taken under a lock held
 * only from here to the commit, so the queue is in the order the uploads committed.
 */
export async function enqueueImport(db: Tx, job: { importId: string; tenantId: string; rows: number; rejected: number }): Promise<void> {
  const tx = sqlOf(db);
  await tx`select pg_advisory_xact_lock(hashtext(${`carrier-feed-queue:${job.tenantId}`}))`;
  await tx`
    update carrier_feed_imports set
      rows_total = ${job.rows}, rows_rejected = ${job.rejected}, rows_done = ${job.rejected},
      queue_position = (select coalesce(max(queue_position), 0) + 1 from carrier_feed_imports where tenant_id = ${job.tenantId})
    where id = ${job.importId}`;
}

/** The import row, locked for the page (a retried or duplicated page waits here, then finds the cursor moved). */
export async function lockImport(db: Tx, importId: string): Promise<ImportCursor | undefined> {
  const [record] = await sqlOf(db)<ImportCursor[]>`
    select tenant_id, imported_by, state, queue_position, next_row, pages_written, rows_done, rows_rejected
    from carrier_feed_imports where id = ${importId} for update`;
  return record;
}

/** An earlier import of the tenant not finished yet (this one waits for it), or undefined. */
export async function earlierUnfinishedImport(db: Tx, tenantId: string, queuePosition: number): Promise<string | undefined> {
  const [earlier] = await sqlOf(db)<{ id: string }[]>`
    select id from carrier_feed_imports
    where tenant_id = ${tenantId} and queue_position < ${queuePosition} and state in ('queued', 'importing')
    order by queue_position limit 1`;
  return earlier?.id;
}

export async function markImporting(db: Tx, importId: string): Promise<void> {
  await sqlOf(db)`update carrier_feed_imports set state = 'importing', importing_since = now() where id = ${importId}`;
}

/** The next page of staged rows after the cursor. */
export function stagedRowsAfter(db: Tx, importId: string, afterRow: number, limit: number) {
  return sqlOf(db)<{ row: number; staged: string }[]>`
    select row, staged from carrier_feed_import_rows
    where import_id = ${importId} and row > ${afterRow} and staged is not null
    order by row limit ${limit}`;
}

/**
 * A written page: each row's outcome (its staged copy dropped: protected data kept no longer than
 * needed), the counters and the cursor, in the page's transaction.
 */
export async function recordWrittenPage(
  db: Tx,
  importId: string,
  page: { outcomes: WrittenRowOutcome[]; throughRow: number; valid: number; members: { inserted: number; updated: number; unchanged: number } },
): Promise<Pick<ImportCursor, 'pages_written' | 'rows_done' | 'rows_rejected'>> {
  const tx = sqlOf(db);
  const { outcomes, members } = page;
  if (outcomes.length > 0) {
    await tx`
      update carrier_feed_import_rows as r set staged = null, outcome = k.outcome, reason = k.reason, policy_id = k.policy_id
      from unnest(
        ${outcomes.map((o) => o.row)}::int[], ${outcomes.map((o) => o.outcome)}::text[],
        ${outcomes.map((o) => (o.outcome === 'rejected' ? o.reason : null))}::text[],
        ${outcomes.map((o) => (o.outcome === 'rejected' ? null : o.policyId))}::uuid[]
      ) as k(row, outcome, reason, policy_id)
      where r.import_id = ${importId} and r.row = k.row`;
  }
  const rejected = outcomes.filter((o) => o.outcome === 'rejected').length;
  const [after] = await tx<Pick<ImportCursor, 'pages_written' | 'rows_done' | 'rows_rejected'>[]>`
    update carrier_feed_imports set
      next_row = ${page.throughRow}, pages_written = pages_written + 1, rows_done = rows_done + ${outcomes.length},
      rows_valid = rows_valid + ${page.valid}, rows_rejected = rows_rejected + ${rejected},
      members_inserted = members_inserted + ${members.inserted}, members_updated = members_updated + ${members.updated},
      members_unchanged = members_unchanged + ${members.unchanged}
    where id = ${importId}
    returning pages_written, rows_done, rows_rejected`;
  return after!;
}

/** Records the policies a page has (first row, fingerprint); answers every one with what an earlier page recorded. */
export function rememberImportPolicies(
  db: Tx,
  who: { importId: string; tenantId: string },
  firsts: Array<{ carrier: string; policyNumber: string; fingerprint: string; row: number }>,
) {
  return sqlOf(db)<{ carrier: string; policy_number: string; fingerprint: string; first_row: number; outcome: number; inserted: boolean }[]>`
    insert into carrier_feed_import_policies as f (import_id, tenant_id, carrier, policy_number, fingerprint, first_row)
    select ${who.importId}::uuid, ${who.tenantId}, k.* from unnest(
      ${firsts.map((r) => r.carrier)}::text[], ${firsts.map((r) => r.policyNumber)}::text[],
      ${firsts.map((r) => r.fingerprint)}::text[], ${firsts.map((r) => r.row)}::int[]) as k
    on conflict (import_id, carrier, policy_number) do update set first_row = f.first_row
    returning f.carrier, f.policy_number, f.fingerprint, f.first_row, f.outcome, (xmax = 0) as inserted`;
}

/** Records the members a page has; answers every one with the row an earlier page recorded it from. */
export function rememberImportMembers(
  db: Tx,
  who: { importId: string; tenantId: string },
  members: Array<{ carrier: string; policyNumber: string; memberKey: string; row: number }>,
) {
  return sqlOf(db)<{ carrier: string; policy_number: string; member_key: string; first_row: number; inserted: boolean }[]>`
    insert into carrier_feed_import_members as f (import_id, tenant_id, carrier, policy_number, member_key, first_row)
    select ${who.importId}::uuid, ${who.tenantId}, k.* from unnest(
      ${members.map((r) => r.carrier)}::text[], ${members.map((r) => r.policyNumber)}::text[],
      ${members.map((r) => r.memberKey)}::text[], ${members.map((r) => r.row)}::int[]) as k
    on conflict (import_id, carrier, policy_number, member_key) do update set first_row = f.first_row
    returning f.carrier, f.policy_number, f.member_key, f.first_row, (xmax = 0) as inserted`;
}

/** The most this import did to each changed policy (1 updated, 2 inserted). */
export async function recordImportPolicyOutcomes(db: Tx, importId: string, changed: Array<{ carrier: string; policyNumber: string; outcome: number }>): Promise<void> {
  if (changed.length === 0) return;
  await sqlOf(db)`
    update carrier_feed_import_policies as f set outcome = greatest(f.outcome, k.outcome)
    from unnest(${changed.map((p) => p.carrier)}::text[], ${changed.map((p) => p.policyNumber)}::text[], ${changed.map((p) => p.outcome)}::int[])
      as k(carrier, policy_number, outcome)
    where f.import_id = ${importId} and f.carrier = k.carrier and f.policy_number = k.policy_number`;
}

/**
 * Completes the import: its policy counts from the scratch (each policy once, with the most the
 * import did to it), the scratch dropped, the state completed.
 */
export async function completeImport(db: Tx, importId: string, codes: { inserted: number; updated: number; unchanged: number }) {
  const tx = sqlOf(db);
  const [counts] = await tx<{ inserted: number; updated: number; unchanged: number }[]>`
    select count(*) filter (where outcome = ${codes.inserted})::int as inserted,
           count(*) filter (where outcome = ${codes.updated})::int as updated,
           count(*) filter (where outcome = ${codes.unchanged})::int as unchanged
    from carrier_feed_import_policies where import_id = ${importId}`;
  await tx`delete from carrier_feed_import_policies where import_id = ${importId}`;
  await tx`delete from carrier_feed_import_members where import_id = ${importId}`;
  const [after] = await tx<Pick<ImportCursor, 'pages_written' | 'rows_done' | 'rows_rejected'>[]>`
    update carrier_feed_imports set
      state = 'completed', finished_at = now(), importing_since = coalesce(importing_since, now()),
      policies_inserted = ${counts!.inserted}, policies_updated = ${counts!.updated}, policies_unchanged = ${counts!.unchanged}
    where id = ${importId}
    returning pages_written, rows_done, rows_rejected`;
  return after!;
}
