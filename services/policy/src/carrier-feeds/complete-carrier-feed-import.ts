import type { CarrierFeedImportTotals } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { completeImport, lockImport } from '../db/feed-import-store';
import { policyOutcomeCodes } from './feed-page-writer';
import { ImportNotFoundError, totalsOf } from './write-feed-page';

/**
 * PS-2: the import is completed once no staged row is left: its policy counts are taken from its
 * scratch (each policy once, with the most the import did to it), the scratch is dropped and the
 * import marked completed, in one transaction. Idempotent: a completed import is left as it is.
 */
export async function completeCarrierFeedImport({ database }: { database: Database }, importId: string): Promise<CarrierFeedImportTotals> {
  return database.db.transaction(async (db) => {
    const record = await lockImport(db, importId);
    if (!record) throw new ImportNotFoundError(importId);
    if (record.state === 'completed') return totalsOf(record);
    return totalsOf(await completeImport(db, importId, policyOutcomeCodes));
  });
}
