import type { Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { completeCarrierFeedImport } from './complete-carrier-feed-import';
import { findImportAnyTenant, importView, type ImportView } from './import-job-queries';
import { stageCarrierFeed, MAX_FEED_ROWS, type StageCarrierFeedCommand } from './stage-carrier-feed';
import { writeNextFeedPage } from './write-feed-page';

export { FeedTooLargeError, type FeedInputRow } from './stage-carrier-feed';
export type ImportSummary = ImportView;

export interface ImportLimits {
  pageSize: number;
  maxRows: number;
  /** Rejections listed in the summary (all of them are in the rejections CSV). */
  maxListedRejections: number;
}

export const defaultImportLimits: ImportLimits = { pageSize: 1000, maxRows: MAX_FEED_ROWS, maxListedRejections: 1000 };

/**
 * A whole import in this process: staged, written page after page, completed, by the same code the
 * import's workflow runs in its activities (decision 0033). For seeding, benchmarks and component
 * tests that need a book of business without a Temporal worker; the HTTP upload answers 202 and
 * leaves the pages to the workflow. A tenant's earlier import still running makes this wait.
 */
export async function importCarrierFeed(
  deps: { database: Database; fieldCipher: FieldCipher },
  command: StageCarrierFeedCommand,
  limits: ImportLimits = defaultImportLimits,
): Promise<ImportSummary> {
  const { importId } = await stageCarrierFeed(deps, command, limits.maxRows);
  await writeStagedImport(deps, importId, limits.pageSize);
  return readImportSummary(deps.database, importId, limits.maxListedRejections);
}

/** Writes a staged import's pages and completes it, as its workflow would. */
export async function writeStagedImport(deps: { database: Database; fieldCipher: FieldCipher }, importId: string, pageSize = defaultImportLimits.pageSize): Promise<void> {
  for (;;) {
    const page = await writeNextFeedPage(deps, { importId, limit: pageSize });
    if (page.outcome === 'done') break;
    if (page.outcome === 'waiting') await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await completeCarrierFeedImport(deps, importId);
}

export async function readImportSummary(database: Database, importId: string, listedRejections?: number): Promise<ImportSummary> {
  return database.db.transaction(async (tx) => {
    const record = await findImportAnyTenant(tx, importId);
    if (!record) throw new Error(`carrier feed import ${importId} does not exist`);
    return importView(tx, record, listedRejections);
  });
}
