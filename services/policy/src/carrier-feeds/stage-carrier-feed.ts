import { randomUUID } from 'node:crypto';
import { buildEvent, carrierFeedStagedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { validateFeedRow, type FeedRow } from '../domain/feed-row';
import { memberFingerprint, memberKey, policyFingerprint } from '../domain/policy-content';
import { personKey } from '../domain/policy-sync';
import type { PlacedFeedRow } from '../db/policy-store';
import { enqueueImport, insertQueuedImport, insertUploadedRows, type UploadedRow } from '../db/feed-import-store';

/** What a staged row holds (encrypted): the validated row and its keys, all but its row number. */
export type StagedRow = Omit<PlacedFeedRow, 'row'>;

/** The keys a page writer needs, computed once at upload where the row is in clear anyway. */
function placeRow(cipher: FieldCipher, feed: FeedRow): StagedRow {
  return {
    feed,
    policyFingerprint: policyFingerprint(feed.policy),
    memberKey: memberKey(cipher, feed.member),
    memberFingerprint: memberFingerprint(cipher, feed.member),
    personKey: personKey(cipher, feed.member, feed),
  };
}

/** One raw row of a feed with its 1-based data row number, or why it could not even be read. */
export type FeedInputRow = { row: number; values: unknown } | { row: number; error: string };

export interface StageCarrierFeedCommand {
  tenantId: string;
  importedBy: string;
  format: 'csv' | 'json';
  ignoredColumns?: string[];
  rows: AsyncIterable<FeedInputRow> | Iterable<FeedInputRow>;
  /** Rows per page of the import's workflow (tests use small pages). */
  pageSize?: number;
}

export interface StagedImport {
  importId: string;
  rows: number;
  rejectedAtUpload: number;
}

export const MAX_FEED_ROWS = 1_000_000;
const STAGE_BATCH = 1000;

export class FeedTooLargeError extends Error {
  constructor(readonly maxRows: number) {
    super(`A carrier feed has at most ${maxRows} rows.`);
  }
}

/**
 * PS-2, first half: the upload is read as a stream and staged in one transaction, in batches,
 * so memory stays bounded whatever the file size and a file that breaks off (malformed, aborted,
 * too large) stages nothing. Each row is checked on arrival: a row that cannot be read or
 * fails validation gets its outcome (rejected, with its reason) at once; a valid row is kept,
 * normalised and with its keys computed, encrypted (it carries dates of birth and MBIs; AES-GCM
 * also authenticates it) until its page is written: the page writer only decrypts. The import takes its
 * place in the tenant's queue and its staged event commits with it (decision 0020): that event
 * starts the workflow that writes the pages.
 */
export async function stageCarrierFeed(
  { database, fieldCipher }: { database: Database; fieldCipher: FieldCipher },
  command: StageCarrierFeedCommand,
  maxRows = MAX_FEED_ROWS,
): Promise<StagedImport> {
  const { tenantId, importedBy, format } = command;
  const importId = randomUUID();
  return database.db.transaction(async (db) => {
    await insertQueuedImport(db, { importId, tenantId, importedBy, format, ignoredColumns: command.ignoredColumns ?? [] });
    let batch: UploadedRow[] = [];
    let rows = 0;
    let rejected = 0;
    for await (const input of command.rows) {
      rows++;
      if (rows > maxRows) throw new FeedTooLargeError(maxRows);
      const checked = 'error' in input ? { ok: false as const, reason: input.error } : validateFeedRow(input.values);
      if (checked.ok) batch.push({ row: input.row, staged: fieldCipher.encrypt(JSON.stringify(placeRow(fieldCipher, checked.row))) });
      else {
        rejected++;
        batch.push({ row: input.row, reason: checked.reason });
      }
      if (batch.length >= STAGE_BATCH) {
        await insertUploadedRows(db, importId, tenantId, batch);
        batch = [];
      }
    }
    await insertUploadedRows(db, importId, tenantId, batch);
    await enqueueImport(db, { importId, tenantId, rows, rejected });
    await writeOutbox(db, [
      buildEvent(carrierFeedStagedV1, {
        tenantId,
        aggregateId: importId,
        data: { importId, format, rows, rejectedAtUpload: rejected, importedBy, ...(command.pageSize ? { pageSize: command.pageSize } : {}) },
      }),
    ]);
    return { importId, rows, rejectedAtUpload: rejected };
  });
}
