import type { CarrierFeedImportTotals, CarrierFeedPageResult } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import type { PlacedFeedRow } from '../db/policy-store';
import {
  earlierUnfinishedImport,
  lockImport,
  markImporting,
  recordWrittenPage,
  stagedRowsAfter,
  type ImportCursor,
} from '../db/feed-import-store';
import { FeedPageWriter } from './feed-page-writer';
import type { StagedRow } from './stage-carrier-feed';

export class ImportNotFoundError extends Error {
  constructor(importId: string) {
    super(`carrier feed import ${importId} does not exist`);
  }
}

export const totalsOf = (r: Pick<ImportCursor, 'pages_written' | 'rows_done' | 'rows_rejected'>): CarrierFeedImportTotals => ({
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
    const record = await lockImport(db, importId);
    if (!record) throw new ImportNotFoundError(importId);
    if (record.state === 'completed' || record.state === 'failed') return { outcome: 'done', totals: totalsOf(record) };
    if (record.state === 'queued') {
      const earlier = await earlierUnfinishedImport(db, record.tenant_id, record.queue_position);
      if (earlier) return { outcome: 'waiting', behindImportId: earlier };
      await markImporting(db, importId);
    }

    const staged = await stagedRowsAfter(db, importId, record.next_row, limit);
    if (staged.length === 0) return { outcome: 'done', totals: totalsOf(record) };

    const who = { tenantId: record.tenant_id, importedBy: record.imported_by, importId };
    const written = await new FeedPageWriter(db, fieldCipher, who).write(placeRows(fieldCipher, staged), record.pages_written);
    const { outcomes } = written;
    const after = await recordWrittenPage(db, importId, { outcomes, throughRow: staged.at(-1)!.row, valid: written.counts.valid, members: written.counts.members });
    const rows = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
    for (const o of outcomes) rows[o.outcome]++;
    return { outcome: 'written', totals: totalsOf(after), rows };
  });
}

/** The staged rows as the page writer takes them: decrypted (validated and keyed at upload). */
function placeRows(cipher: FieldCipher, staged: { row: number; staged: string }[]): PlacedFeedRow[] {
  return staged.map(({ row, staged: ciphertext }) => ({ row, ...(JSON.parse(cipher.decrypt(ciphertext)) as StagedRow) }));
}
