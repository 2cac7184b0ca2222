import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Sql } from 'postgres';
import { topicName, type TopicBase } from '@agencyflow/contracts';
import { OUTBOX_CHANNEL, trimPublishedOutbox } from '@agencyflow/db';
import type { Logger } from '@agencyflow/logger';
import { PeriodicTask, trimInBatches } from './periodic-task';

export interface OutboxRelayOptions {
  kafka: Kafka;
  sql: Sql;
  topicPrefix: string;
  logger: Logger;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (e.g. the listen connection was lost). */
  pollIntervalMs?: number;
  /**
   * Published rows are kept this long (for inspection and replays by hand), then deleted.
   * Default 1 hour; 0 trims every published row.
   */
  retentionMs?: number;
  /** How often published rows are trimmed; default every minute. */
  trimIntervalMs?: number;
  trimBatchSize?: number;
}

export const DEFAULT_OUTBOX_RETENTION_MS = 60 * 60 * 1000;

// One relay publishes at a time per database, whatever the number of service instances:
// a transaction-scoped advisory lock keeps the outbox order intact.
const RELAY_LOCK_ID = 0x0a6e_0b0c;

interface OutboxRow {
  seq: number;
  topic: TopicBase;
  message_key: string;
  envelope: { id: string; type: string; version: number };
}

/**
 * Publishes outbox rows to Kafka in commit order, keyed by aggregate id, and marks them sent.
 * At-least-once: a crash between send and mark re-sends, and consumers' inboxes absorb it.
 */
export class OutboxRelay {
  private readonly producer: Producer;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Set by a NOTIFY that arrives while a batch is in flight, so it is not slept through. */
  private dirty = false;
  private unlisten?: () => Promise<void>;
  private readonly trimmer: PeriodicTask;
  private stopping = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.producer = options.kafka.producer({
      allowAutoTopicCreation: false,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    // Its own timer, so trimming never delays publishing.
    this.trimmer = new PeriodicTask('outbox trim', options.trimIntervalMs ?? 60_000, () => this.trimPublished(), options.logger);
  }

  async start(): Promise<void> {
    await this.producer.connect();
    const listener = await this.options.sql.listen(OUTBOX_CHANNEL, () => {
      this.dirty = true;
      this.wake?.();
    });
    this.unlisten = () => listener.unlisten();
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
    this.trimmer.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake?.();
    await Promise.all([this.loop, this.trimmer.stop()]);
    await this.unlisten?.().catch(() => {});
    await this.producer.disconnect();
  }

  /** Publishes one batch; returns how many rows were sent. Exposed for tests and drains. */
  async publishBatch(): Promise<number> {
    const { sql, topicPrefix } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    return sql.begin(async (tx) => {
      const [lock] = await tx<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${RELAY_LOCK_ID}) as locked`;
      if (!lock?.locked) return 0;
      const rows = await tx<OutboxRow[]>`
        select seq, topic, message_key, envelope from outbox
        where published_at is null order by seq limit ${batchSize}`;
      if (rows.length === 0) return 0;
      await this.producer.sendBatch({
        acks: -1,
        topicMessages: groupByTopic(rows).map(([topic, messages]) => ({
          topic: topicName(topicPrefix, topic),
          messages: messages.map((row) => ({
            key: row.message_key,
            value: JSON.stringify(row.envelope),
            headers: {
              'event-id': row.envelope.id,
              'event-type': row.envelope.type,
              'event-version': String(row.envelope.version),
            },
          })),
        })),
      });
      await tx`update outbox set published_at = clock_timestamp() where seq in ${tx(rows.map((r) => r.seq))}`;
      return rows.length;
    });
  }

  /**
   * Deletes published rows older than the retention, in small batches; never an unpublished
   * one. Returns how many were deleted. Runs every trimIntervalMs; exposed for tests.
   */
  async trimPublished(): Promise<number> {
    const { sql, retentionMs = DEFAULT_OUTBOX_RETENTION_MS, trimBatchSize, logger } = this.options;
    const deleted = await trimInBatches(
      () => trimPublishedOutbox(sql, { retentionMs, batchSize: trimBatchSize }),
      () => !this.stopping,
    );
    if (deleted > 0) logger.debug({ deleted }, 'published outbox rows trimmed');
    return deleted;
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    const pollIntervalMs = this.options.pollIntervalMs ?? 1000;
    const batchSize = this.options.batchSize ?? 500;
    while (this.running) {
      this.dirty = false;
      try {
        const sent = await this.publishBatch();
        if (sent === batchSize) continue;
      } catch (error) {
        logger.error({ err: error }, 'outbox relay batch failed; retrying');
      }
      if (!this.dirty && this.running) await this.sleep(pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function groupByTopic(rows: OutboxRow[]): Array<[TopicBase, OutboxRow[]]> {
  const groups = new Map<TopicBase, OutboxRow[]>();
  for (const row of rows) groups.set(row.topic, [...(groups.get(row.topic) ?? []), row]);
  return [...groups.entries()];
}
