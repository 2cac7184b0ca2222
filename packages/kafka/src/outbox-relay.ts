import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { ReservedSql, Sql } from 'postgres';
import { topicName, type TopicBase } from '@agencyflow/contracts';
import { OUTBOX_CHANNEL, trimPublishedOutbox } from '@agencyflow/db';
import type { Logger } from '@agencyflow/logger';
import { failureReason } from './failure-reason';
import { PeriodicTask, trimInBatches } from './periodic-task';
import { endPublishSpans, startPublishSpan, traceHeaders } from './trace-spans';

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

// One relay publishes at a time per database, whatever the number of service instances (see lead()).
const RELAY_LOCK_ID = 0x0a6e_0b0c;

interface OutboxRow {
  seq: number;
  topic: TopicBase;
  message_key: string;
  envelope: { id: string; type: string; version: number };
  /** The writer's trace context (decision 0034); null for a row written outside a trace. */
  traceparent: string | null;
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
  /** The connection holding this relay's lead (see lead()), while it has it. */
  private leader?: ReservedSql;

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
    await this.resign();
    await this.unlisten?.().catch(() => {});
    await this.producer.disconnect();
  }

  /**
   * Publishes one batch; returns how many rows it settled (sent, or parked). Exposed for tests
   * and drains. No database transaction is open while Kafka is called: the rows are read, sent,
   * then marked, so a slow or retrying broker holds no locks and no connection in a transaction.
   * A crash between send and mark re-sends; consumers' inboxes absorb it (X-2).
   */
  async publishBatch(): Promise<number> {
    const { sql } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    if (!(await this.lead())) return 0;
    const rows = await sql<OutboxRow[]>`
      select seq, topic, message_key, envelope, traceparent from outbox
      where published_at is null and parked_at is null order by seq limit ${batchSize}`;
    if (rows.length === 0) return 0;
    try {
      await this.send(rows);
    } catch (error) {
      if (!isRefusedMessage(error)) throw error; // the broker is away: nothing is marked, the batch goes again
      return this.sendOneByOne(rows);
    }
    await this.markPublished(rows);
    return rows.length;
  }

  /**
   * A batch with a message Kafka refuses for good (too large, malformed): each row alone, the
   * refused ones parked with the reason and an alert, so one bad row never stops the rows after it.
   */
  private async sendOneByOne(rows: OutboxRow[]): Promise<number> {
    const { sql, logger } = this.options;
    const sent: OutboxRow[] = [];
    try {
      for (const row of rows) {
        try {
          await this.send([row]);
          sent.push(row);
        } catch (error) {
          if (!isRefusedMessage(error)) throw error;
          const reason = failureReason(error);
          await sql`update outbox set parked_at = clock_timestamp(), park_reason = ${reason} where seq = ${row.seq}`;
          logger.error(
            { alert: 'outbox-row-parked', seq: row.seq, eventId: row.envelope.id, type: row.envelope.type, reason },
            'Kafka refused an outbox row; it is parked and the rows after it go on',
          );
        }
      }
    } finally {
      await this.markPublished(sent);
    }
    return rows.length;
  }

  /** Sends the rows, each in a publish span that continues its writer's trace into the message headers. */
  private async send(rows: OutboxRow[]): Promise<void> {
    const { topicPrefix } = this.options;
    const spans = new Map(rows.map((row) => [row, startPublishSpan(row, topicName(topicPrefix, row.topic))]));
    try {
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
              ...traceHeaders(spans.get(row)),
            },
          })),
        })),
      });
    } catch (error) {
      endPublishSpans([...spans.values()], error);
      throw error;
    }
    endPublishSpans([...spans.values()]);
  }

  private async markPublished(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { sql } = this.options;
    await sql`update outbox set published_at = clock_timestamp() where seq in ${sql(rows.map((r) => r.seq))}`;
  }

  /**
   * Whether this relay is the one that publishes: one at a time per database, whatever the number
   * of service instances, so the outbox order holds. The lead is a session advisory lock on a
   * connection this relay keeps; it is checked every batch, and lost with that connection.
   */
  private async lead(): Promise<boolean> {
    try {
      if (!this.leader) {
        const reserved = await this.options.sql.reserve();
        const [row] = await reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(${RELAY_LOCK_ID}) as locked`;
        if (!row?.locked) {
          reserved.release();
          return false;
        }
        this.leader = reserved;
        return true;
      }
      const [held] = await this.leader<{ held: boolean }[]>`
        select exists (select 1 from pg_locks where locktype = 'advisory' and objid = ${RELAY_LOCK_ID}
                       and pid = pg_backend_pid() and granted) as held`;
      if (held?.held) return true;
      this.leader.release();
      this.leader = undefined;
      return false;
    } catch (error) {
      // The lead's connection is gone (and its lock with it): the next batch tries again.
      this.leader?.release();
      this.leader = undefined;
      throw error;
    }
  }

  private async resign(): Promise<void> {
    const leader = this.leader;
    this.leader = undefined;
    if (!leader) return;
    await leader`select pg_advisory_unlock(${RELAY_LOCK_ID})`.catch(() => {});
    leader.release();
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

/**
 * Kafka refused the message itself (too large, malformed), as opposed to the broker being away:
 * sending it again cannot succeed. kafkajs nests the protocol error under retry wrappers.
 */
export function isRefusedMessage(error: unknown): boolean {
  const refused = ['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'INVALID_TOPIC_EXCEPTION'];
  let current = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    if (refused.includes(String((current as { type?: unknown }).type ?? ''))) return true;
    current = (current as { cause?: unknown; originalError?: unknown }).cause ?? (current as { originalError?: unknown }).originalError;
  }
  return false;
}
