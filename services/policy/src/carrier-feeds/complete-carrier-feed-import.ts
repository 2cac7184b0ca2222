import type { CarrierFeedImportTotals } from '@agencyflow/contracts';
import { sqlOf, type Database } from '@agencyflow/db';
import { policyOutcomeCodes } from './feed-page-writer';
import { ImportNotFoundError, totalsOf } from './write-feed-page';

/**
 * PS-2: the import is completed once no staged row is left: its policy counts are taken from its
 * scratch (each policy once, with the most the import did to it), the scratch is dropped and the
 * import marked completed, in one transaction. Idempotent: a completed import is left as it is.
 */
export async function completeCarrierFeedImport({ database }: { database: Database }, importId: string): Promise<CarrierFeedImportTotals> {
  return database.db.transaction(async (db) => {
    const tx = sqlOf(db);
    const [record] = await tx<{ state: string; pages_written: number; rows_done: number; rows_rejected: number }[]>`
      select state, pages_written, rows_done, rows_rejected from carrier_feed_imports where id = ${importId} for update`;
    if (!record) throw new ImportNotFoundError(importId);
    if (record.state === 'completed') return totalsOf(record);
    const [counts] = await tx<{ inserted: number; updated: number; unchanged: number }[]>`
      select count(*) filter (where outcome = ${policyOutcomeCodes.inserted})::int as inserted,
             count(*) filter (where outcome = ${policyOutcomeCodes.updated})::int as updated,
             count(*) filter (where outcome = ${policyOutcomeCodes.unchanged})::int as unchanged
      from carrier_feed_import_policies where import_id = ${importId}`;
    await tx`delete from carrier_feed_import_policies where import_id = ${importId}`;
    await tx`delete from carrier_feed_import_members where import_id = ${importId}`;
    const [after] = await tx<{ pages_written: number; rows_done: number; rows_rejected: number }[]>`
      update carrier_feed_imports set
        state = 'completed', finished_at = now(), importing_since = coalesce(importing_since, now()),
        policies_inserted = ${counts!.inserted}, policies_updated = ${counts!.updated}, policies_unchanged = ${counts!.unchanged}
      where id = ${importId}
      returning pages_written, rows_done, rows_rejected`;
    return totalsOf(after!);
  });
}
