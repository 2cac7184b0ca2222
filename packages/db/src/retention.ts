import type { Sql } from 'postgres';

// One trimmer per table at a time per database, however many service instances run: a second
// one would only wait on the first one's row locks to delete nothing.
const OUTBOX_TRIM_LOCK_ID = 0x0a6e_0b0d;
const INBOX_TRIM_LOCK_ID = 0x0a6e_0b0e;

export interface TrimOptions {
  /** Rows younger than this are kept. */
  retentionMs: number;
  /** Rows deleted per statement; small, so each delete holds its locks briefly. */
  batchSize?: number;
}

/**
 * Deletes one batch of outbox rows that were published more than `retentionMs` ago; never an
 * unpublished row (`published_at < ...` is false for null). Returns how many were deleted.
 *
 * It looks only at the `batchSize` lowest seqs (a bounded primary-key range scan, no extra index):
 * the relay publishes in seq order, so the oldest published rows are at the low end, and a
 * minute with nothing to trim costs one short index scan rather than a walk over the whole
 * retention window. A row published late (its transaction committed after higher seqs were
 * published) just waits in that window until it is old enough.
 */
export async function trimPublishedOutbox(sql: Sql, { retentionMs, batchSize = 5000 }: TrimOptions): Promise<number> {
  return sql.begin(async (tx) => {
    const [lock] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${OUTBOX_TRIM_LOCK_ID}) as locked`;
    if (!lock?.locked) return 0;
    const deleted = await tx`
      delete from outbox where seq in (
        select seq from (select seq, published_at from outbox order by seq limit ${batchSize}) head
        where head.published_at < now() - make_interval(secs => ${retentionMs / 1000}::double precision))`;
    return deleted.count;
  });
}

/**
 * Deletes one batch of inbox rows processed more than `retentionMs` ago, for every consumer of
 * this database. The retention must exceed how long Kafka can redeliver an event (topic
 * retention, offsets retention), or a late redelivery would be applied a second time.
 * Served by the `inbox_processed_at_idx` index. Returns how many were deleted.
 */
export async function trimInbox(sql: Sql, { retentionMs, batchSize = 5000 }: TrimOptions): Promise<number> {
  return sql.begin(async (tx) => {
    const [lock] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${INBOX_TRIM_LOCK_ID}) as locked`;
    if (!lock?.locked) return 0;
    const deleted = await tx`
      delete from inbox where (consumer, event_id) in (
        select consumer, event_id from inbox
        where processed_at < now() - make_interval(secs => ${retentionMs / 1000}::double precision)
        limit ${batchSize})`;
    return deleted.count;
  });
}
