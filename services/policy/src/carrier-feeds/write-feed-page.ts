import type { CarrierFeedImportTotals, CarrierFeedPageResult } from '@agencyflow/contracts';
import { sqlOf, type Database, type SqlExecutor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import type { PlacedFeedRow } from '../db/policy-store';
import { FeedPageWriter, type RowOutcome } from './feed-page-writer';
import type { StagedRow } from './stage-carrier-feed';

export class ImportNotFoundError extends Error {
  constructor(importId: string) {
    super(`carrier feed import ${importId} does not exist`);
  }
}

interface ImportRecord {
  tenant_id: string;
  imported_by: string;
  state: 'queued' | 'importing' | 'completed' | 'failed';
  queue_position: number;
  next_row: number;
  pages_written: number;
  rows_done: number;
  rows_rejected: number;
}

export const totalsOf = (r: Pick<ImportRecord, 'pages_written' | 'rows_done' | 'rows_rejected'>): CarrierFeedImportTotals => ({
  pages: r.pages_written,
  rowsDone: r.rows_done,
  rowsRejected: r.rows_rejected,
});

/**
 * PS-2, second half: writes the import's next page of staged rows in one transaction: the rows are
 * decrypted, upserted set-based (FeedPageWriter), and each row's outcome, the
 * counters and the cursor (`next_row`) are committed with them. The import row is locked first, so
 * a retried or duplicated call waits for the first and then finds the cursor moved: a page is never
 * written twice. While an earlier import of the tenant is not completed nothing is written
 * (`waiting`): a tenant's imports are written one at a time, in the order they arrived.
 */
export async function writeNextFeedPage(
  { database, fieldCipher }: { database: Database; fieldCipher: FieldCipher },
  { importId, limit }: { importId: string; limit: number },
): Promise<CarrierFeedPageResult> {
  return database.db.transaction(async (db) => {
    const tx = sqlOf(db);
    const [record] = await tx<ImportRecord[]>`
      select tenant_id, imported_by, state, queue_position, next_row, pages_written, rows_done, rows_rejected
      from carrier_feed_imports where id = ${importId} for update`;
    if (!record) throw new ImportNotFoundError(importId);
    if (record.state === 'completed' || record.state === 'failed') return { outcome: 'done', totals: totalsOf(record) };
    if (record.state === 'queued') {
      const [earlier] = await tx<{ id: string }[]>`
        select id from carrier_feed_imports
        where tenant_id = ${record.tenant_id} and queue_position < ${record.queue_position} and state in ('queued', 'importing')
        order by queue_position limit 1`;
      if (earlier) return { outcome: 'waiting', behindImportId: earlier.id };
      await tx`update carrier_feed_imports set state = 'importing', importing_since = now() where id = ${importId}`;
    }

    const staged = await tx<{ row: number; staged: string }[]>`
      select row, staged from carrier_feed_import_rows
      where import_id = ${importId} and row > ${record.next_row} and staged is not null
      order by row limit ${limit}`;
    if (staged.length === 0) return { outcome: 'done', totals: totalsOf(record) };

    const who = { tenantId: record.tenant_id, importedBy: record.imported_by, importId };
    const written = await new FeedPageWriter(db, fieldCipher, who).write(placeRows(fieldCipher, staged), record.pages_written);
    const outcomes = written.outcomes;
    await recordRowOutcomes(tx, importId, outcomes);

    const rowsRejected = outcomes.filter((o) => o.outcome === 'rejected').length;
    const { members } = written.counts;
    const [after] = await tx<ImportRecord[]>`
      update carrier_feed_imports set
        next_row = ${staged.at(-1)!.row}, pages_written = pages_written + 1, rows_done = rows_done + ${outcomes.length},
        rows_valid = rows_valid + ${written.counts.valid}, rows_rejected = rows_rejected + ${rowsRejected},
        members_inserted = members_inserted + ${members.inserted}, members_updated = members_updated + ${members.updated},
        members_unchanged = members_unchanged + ${members.unchanged}
      where id = ${importId}
      returning pages_written, rows_done, rows_rejected`;
    const rows = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
    for (const o of outcomes) rows[o.outcome]++;
    return { outcome: 'written', totals: totalsOf(after!), rows };
  });
}

/** The staged rows as the page writer takes them: decrypted (validated and keyed at upload). */
function placeRows(cipher: FieldCipher, staged: { row: number; staged: string }[]): PlacedFeedRow[] {
  return staged.map(({ row, staged: ciphertext }) => ({ row, ...(JSON.parse(cipher.decrypt(ciphertext)) as StagedRow) }));
}

/** Each row's outcome, and its staged copy dropped: protected data is kept no longer than needed. */
async function recordRowOutcomes(tx: SqlExecutor, importId: string, outcomes: RowOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await tx`
    update carrier_feed_import_rows as r set staged = null, outcome = k.outcome, reason = k.reason, policy_id = k.policy_id
    from unnest(
      ${outcomes.map((o) => o.row)}::int[], ${outcomes.map((o) => o.outcome)}::text[],
      ${outcomes.map((o) => (o.outcome === 'rejected' ? o.reason : null))}::text[],
      ${outcomes.map((o) => (o.outcome === 'rejected' ? null : o.policyId))}::uuid[]
    ) as k(row, outcome, reason, policy_id)
    where r.import_id = ${importId} and r.row = k.row`;
}
