import { randomUUID } from 'node:crypto';
import { buildEvent, carrierFeedStagedV1 } from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type Database, type SqlExecutor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { validateFeedRow, type FeedRow } from '../domain/feed-row';
import { memberFingerprint, memberKey, policyFingerprint } from '../domain/policy-content';
import { personKey } from '../domain/policy-sync';
import type { PlacedFeedRow } from '../db/policy-store';

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
 * too large) stages nothing (X-5). Each row is checked on arrival: a row that cannot be read or
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
    const tx = sqlOf(db);
    await tx`
      insert into carrier_feed_imports (
          id, tenant_id, imported_by, format, state, started_at, rows_total, rows_valid, rows_rejected,
          policies_inserted, policies_updated, policies_unchanged, members_inserted, members_updated, members_unchanged,
          ignored_columns)
        values (${importId}, ${tenantId}, ${importedBy}, ${format}, 'queued', now(), 0, 0, 0, 0, 0, 0, 0, 0, 0,
          ${JSON.stringify(command.ignoredColumns ?? [])}::text::jsonb)`;

    const batch = new StagingBatch(tx, importId, tenantId);
    let rows = 0;
    for await (const input of command.rows) {
      rows++;
      if (rows > maxRows) throw new FeedTooLargeError(maxRows);
      const checked = 'error' in input ? { ok: false as const, reason: input.error } : validateFeedRow(input.values);
      if (checked.ok) batch.stage(input.row, fieldCipher.encrypt(JSON.stringify(placeRow(fieldCipher, checked.row))));
      else batch.reject(input.row, checked.reason);
      if (batch.size >= STAGE_BATCH) await batch.flush();
    }
    await batch.flush();

    // The tenant's imports are written one at a time in the order they committed: the position is
    // taken under a lock held only from here to the commit.
    await tx`select pg_advisory_xact_lock(hashtext(${`carrier-feed-queue:${tenantId}`}))`;
    await tx`
      update carrier_feed_imports set
        rows_total = ${rows}, rows_rejected = ${batch.rejected}, rows_done = ${batch.rejected},
        queue_position = (select coalesce(max(queue_position), 0) + 1 from carrier_feed_imports where tenant_id = ${tenantId})
      where id = ${importId}`;
    await writeOutbox(db, [
      buildEvent(carrierFeedStagedV1, {
        tenantId,
        aggregateId: importId,
        data: {
          importId,
          format,
          rows,
          rejectedAtUpload: batch.rejected,
          importedBy,
          ...(command.pageSize ? { pageSize: command.pageSize } : {}),
        },
      }),
    ]);
    return { importId, rows, rejectedAtUpload: batch.rejected };
  });
}

/** Rows waiting to be written to the staging table, one INSERT per batch. */
class StagingBatch {
  rejected = 0;
  private rows: number[] = [];
  private staged: (string | null)[] = [];
  private reasons: (string | null)[] = [];

  constructor(
    private readonly tx: SqlExecutor,
    private readonly importId: string,
    private readonly tenantId: string,
  ) {}

  get size(): number {
    return this.rows.length;
  }

  stage(row: number, ciphertext: string): void {
    this.rows.push(row);
    this.staged.push(ciphertext);
    this.reasons.push(null);
  }

  reject(row: number, reason: string): void {
    this.rejected++;
    this.rows.push(row);
    this.staged.push(null);
    this.reasons.push(reason);
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    await this.tx`
      insert into carrier_feed_import_rows (import_id, tenant_id, row, staged, outcome, reason)
      select ${this.importId}::uuid, ${this.tenantId}, k.row, k.staged, case when k.reason is null then null else 'rejected' end, k.reason
      from unnest(${this.rows}::int[], ${this.staged}::text[], ${this.reasons}::text[]) as k(row, staged, reason)`;
    this.rows = [];
    this.staged = [];
    this.reasons = [];
  }
}
