import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { sql } from 'drizzle-orm';
import {
  deadLetterTopicName,
  eventEnvelopeSchema,
  eventKey,
  findEventDefinition,
  topicName,
  type EventEnvelope,
  type TopicBase,
} from '@agencyflow/contracts';
import { enterTenants, inbox, type Database, type Executor } from '@agencyflow/db';
import type { Logger } from '@agencyflow/logger';
import { failureReason } from './failure-reason';
import { inConsumeSpan } from './trace-spans';

/** The transaction a consumer's handler runs in (the house's one executor type). */
export type ConsumerTransaction = Executor;

/** Applies one event inside the transaction that also records it in the inbox. */
export type EventHandler = (tx: ConsumerTransaction, event: EventEnvelope) => Promise<void>;

/** Handlers keyed by `eventKey(type, version)`; events without a handler are acknowledged and ignored. */
export type EventHandlers = Record<string, EventHandler>;

export interface EventConsumerOptions {
  kafka: Kafka;
  /** Consumer group id, also the inbox's consumer name. */
  groupId: string;
  topics: TopicBase[];
  topicPrefix: string;
  database: Database;
  handlers: EventHandlers;
  logger: Logger;
  /** Attempts before a failing message is parked in the dead-letter topic. */
  maxAttempts?: number;
  retryDelayMs?: number;
  /**
   * Longest pause of a partition while the infrastructure is away (default 30 s). The pause
   * doubles from `retryDelayMs` on each failed try and has no limit of tries.
   */
  maxPauseMs?: number;
  /** How long a fetch waits on the broker for new messages (kafkajs maxWaitTimeInMs, default 5 s); a resumed partition is fetched on the next round. */
  fetchWaitMs?: number;
  /** Most events applied in one database transaction; a Kafka batch is cut into chunks of this size. */
  maxEventsPerTransaction?: number;
  /**
   * Called once a transaction that applied these events committed (for in-memory state that
   * follows the database, e.g. a cache to invalidate); never for a rolled-back one. It may also
   * name events a redelivery found already applied.
   */
  afterCommit?: (events: EventEnvelope[]) => void;
}

class PoisonMessage extends Error {}

/** One Kafka message of a batch, parsed: either poison, or an event with its handler (if any). */
type Delivery =
  | { message: KafkaMessage; poison: Error }
  | { message: KafkaMessage; event: EventEnvelope; handler?: EventHandler };

type Applicable = { message: KafkaMessage; event: EventEnvelope; handler: EventHandler };

interface BatchControl {
  heartbeat(): Promise<void>;
  /** True once the consumer stops or the partition was revoked/seeked: the rest is not ours to apply. */
  stopped(): boolean;
}

/**
 * An idempotent Kafka consumer: each event's effect and its inbox row commit together,
 * so a redelivery is a no-op. Messages are taken in Kafka batches and applied a chunk per
 * transaction (one set-based inbox INSERT, then the handlers in offset order). A message that
 * cannot be parsed, or keeps failing, goes to the topic's dead-letter topic with the reason in
 * its headers, and the consumer moves on.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly joined: Promise<void>;
  /** Failed tries in a row per paused topic-partition, for its backoff; cleared when a chunk applies. */
  private readonly outages = new Map<string, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private pausesForOutages = 0;

  constructor(private readonly options: EventConsumerOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      ...(options.fetchWaitMs ? { maxWaitTimeInMs: options.fetchWaitMs } : {}),
    });
    this.producer = options.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.joined = new Promise((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
    // Readiness: in the group since the last crash (kafkajs rejoins by itself after a retriable one).
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => (this.inGroup = true));
    this.consumer.on(this.consumer.events.CRASH, () => (this.inGroup = false));
    this.consumer.on(this.consumer.events.STOP, () => (this.inGroup = false));
  }

  private inGroup = false;

  /** For /readyz: whether the consumer is in its group now (joined, and not crashed or stopped since). */
  isInGroup(): boolean {
    return this.inGroup;
  }

  async start(): Promise<void> {
    const { topics, topicPrefix } = this.options;
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: topics.map((t) => topicName(topicPrefix, t)), fromBeginning: true });
    // We resolve offsets ourselves, chunk by chunk, so a stop or rebalance mid-batch never
    // marks messages as consumed that were not applied.
    await this.consumer.run({ eachBatchAutoResolve: false, eachBatch: (payload) => this.handleBatch(payload) });
  }

  /** Resolves once the group is joined and partitions are assigned. */
  ready(): Promise<void> {
    return this.joined;
  }

  /** The topic-partitions paused now because the infrastructure is away. */
  pausedPartitions(): Array<{ topic: string; partitions: number[] }> {
    return this.consumer.paused();
  }

  /** How many times a partition was paused for an outage since start (each pause is followed by a try). */
  outageTries(): number {
    return this.pausesForOutages;
  }

  /** Called when kafkajs gives up on the consumer (it restarts it); an outage must not cause one. */
  onCrash(listener: (error: Error) => void): void {
    this.consumer.on(this.consumer.events.CRASH, (event) => listener(event.payload.error));
  }

  async stop(): Promise<void> {
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  private async handleBatch({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
    pause,
  }: EachBatchPayload): Promise<void> {
    const chunkSize = this.options.maxEventsPerTransaction ?? 500;
    const control: BatchControl = { heartbeat, stopped: () => !isRunning() || isStale() };
    const partitionKey = `${batch.topic}:${batch.partition}`;
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (control.stopped()) return;
      const chunk = batch.messages.slice(start, start + chunkSize);
      try {
        if (!(await this.applyChunk(batch.topic, batch.partition, chunk, control))) return;
      } catch (error) {
        if (!isInfrastructureFailure(error)) throw error;
        this.pauseDuringOutage(partitionKey, batch.partition, error, pause);
        return;
      }
      this.outages.delete(partitionKey);
      resolveOffset(chunk[chunk.length - 1]!.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /**
   * The database (or another dependency) is away: stop fetching this partition for a while
   * instead of failing the consumer, then try again from the first unapplied message (its
   * offset was never resolved). Tries have no limit; the pause doubles up to `maxPauseMs`.
   * The other partitions go on if they can.
   */
  private pauseDuringOutage(partitionKey: string, partition: number, error: unknown, pause: () => () => void): void {
    const tries = (this.outages.get(partitionKey) ?? 0) + 1;
    this.outages.set(partitionKey, tries);
    this.pausesForOutages++;
    const waitMs = Math.min(this.options.maxPauseMs ?? 30_000, (this.options.retryDelayMs ?? 200) * 2 ** Math.min(tries, 20));
    this.options.logger.warn(
      { err: error, partitionKey, partition, tries, retryInMs: waitMs },
      'infrastructure unavailable; partition paused, will retry',
    );
    const resume = pause();
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, waitMs);
    this.resumeTimers.add(timer);
  }

  /** Applies one chunk; false when it stopped part way (the chunk's offsets must then stay unresolved). */
  private async applyChunk(topic: string, partition: number, messages: KafkaMessage[], control: BatchControl): Promise<boolean> {
    const deliveries = messages.map((message) => this.parseDelivery(message));
    const applicable = deliveries.filter((d): d is Applicable => 'event' in d && d.handler !== undefined);

    if (applicable.length > 0) {
      const failure = await this.applyBatch(topic, partition, applicable);
      if (failure) {
        // The batch was rolled back whole. Re-apply its events one per transaction so only the
        // bad one is dead-lettered and the good ones still commit (once: the inbox skips repeats).
        this.options.logger.warn(
          { topic, partition, eventId: failure.eventId, err: failure.error },
          'batch rolled back by a failing event; applying its events one by one',
        );
        for (const delivery of applicable) {
          if (control.stopped()) return false;
          // The batch run counts as the failing event's first attempt.
          const prior = delivery.event.id === failure.eventId ? { attempts: 1, error: failure.error } : undefined;
          await this.applyWithRetries(topic, partition, delivery, prior);
          await control.heartbeat();
        }
      }
    }

    // Parked after the chunk's transaction: if that must be retried, the dead letters are not sent twice.
    const poison = deliveries.filter((d): d is Extract<Delivery, { poison: Error }> => 'poison' in d);
    for (const { message, poison: error } of poison) {
      this.options.logger.warn(
        { topic, partition, offset: message.offset, reason: error.message },
        'poison message parked in dead-letter topic',
      );
    }
    if (poison.length > 0) await this.deadLetter(topic, poison.map(({ message, poison: error }) => ({ message, error, attempts: 1 })));
    return true;
  }

  private parseDelivery(message: KafkaMessage): Delivery {
    try {
      const event = this.parse(message.value);
      return { message, event, handler: this.options.handlers[eventKey(event.type, event.version)] };
    } catch (error) {
      return { message, poison: error as Error };
    }
  }

  /**
   * Applies the events in one transaction. Returns undefined when committed, or the error that
   * rolled it back (with the event whose handler threw, if one did). Infrastructure failures are
   * retried here with backoff and then thrown, never reported as an event's fault.
   */
  private async applyBatch(
    topic: string,
    partition: number,
    deliveries: Applicable[],
  ): Promise<{ eventId?: string; error: unknown } | undefined> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      let applying: string | undefined;
      try {
        await this.options.database.db.transaction(async (tx) => {
          const fresh = await this.recordInbox(tx, deliveries.map((d) => d.event));
          for (const { message, event, handler } of deliveries) {
            // Not fresh: committed before (a redelivery), or a copy earlier in this chunk already ran.
            if (!fresh.delete(event.id.toLowerCase())) continue;
            applying = event.id;
            // Row-level security: the handler sees and writes only the event's tenant; an
            // event naming an aggregate of another tenant finds nothing there.
            await enterTenants(tx, [event.tenantId]);
            // In the trace of the request or activity that wrote the event (decision 0034).
            await inConsumeSpan(message, event, this.options.groupId, () => handler(tx, event));
          }
          applying = undefined;
        });
        this.options.afterCommit?.(deliveries.map((d) => d.event));
        return undefined;
      } catch (error) {
        if (!isInfrastructureFailure(error)) return { eventId: applying, error };
        // Throwing leaves the offsets unresolved; the partition is paused and tried again later.
        if (attempt >= maxAttempts) throw error;
        await delay((this.options.retryDelayMs ?? 200) * 2 ** (attempt - 1));
      }
    }
  }

  /** One INSERT for the whole chunk; returns the (lower-case) ids that were not in the inbox yet. */
  private async recordInbox(tx: ConsumerTransaction, events: EventEnvelope[]): Promise<Set<string>> {
    const types = new Map<string, string>();
    for (const event of events) if (!types.has(event.id.toLowerCase())) types.set(event.id.toLowerCase(), event.type);
    // Sorted, so two transactions that share ids (a rebalance overlap) lock them in the same order.
    const ids = [...types.keys()].sort();
    const rows = await tx.execute<{ event_id: string }>(sql`
      insert into ${inbox} (consumer, event_id, event_type)
      select ${this.options.groupId}, e.event_id, e.event_type
      from unnest(${sql.param(ids)}::uuid[], ${sql.param(ids.map((id) => types.get(id)!))}::text[]) as e(event_id, event_type)
      on conflict do nothing
      returning event_id`);
    return new Set(rowsOf<{ event_id: string }>(rows).map((r) => r.event_id));
  }

  /** The one-event-per-transaction path, with retries and backoff, then the dead-letter topic. */
  private async applyWithRetries(
    topic: string,
    partition: number,
    { message, event, handler }: Applicable,
    prior?: { attempts: number; error: unknown },
  ): Promise<void> {
    const log = this.options.logger.child({ topic, partition, offset: message.offset });
    const maxAttempts = this.options.maxAttempts ?? 3;
    let attempts = prior?.attempts ?? 0;
    let lastError = prior?.error;
    while (attempts < maxAttempts) {
      if (attempts > 0) await delay((this.options.retryDelayMs ?? 200) * 2 ** (attempts - 1));
      attempts++;
      try {
        await this.applyOnce(message, event, handler);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    if (isInfrastructureFailure(lastError)) {
      // The database or network is down, not the message: never dead-letter a good event
      // for that. Throwing leaves the offset unresolved; the partition is paused and retried.
      log.debug({ eventId: event.id }, 'infrastructure unavailable while applying one by one');
      throw lastError;
    }
    log.error({ err: lastError, eventId: event.id, type: event.type }, 'event failed; parked in dead-letter topic');
    await this.deadLetter(topic, [{ message, error: lastError as Error, attempts }]);
  }

  private parse(value: Buffer | null): EventEnvelope {
    if (!value) throw new PoisonMessage('empty message');
    let json: unknown;
    try {
      json = JSON.parse(value.toString('utf8'));
    } catch {
      throw new PoisonMessage('message is not JSON');
    }
    const envelope = eventEnvelopeSchema.safeParse(json);
    if (!envelope.success) throw new PoisonMessage(`invalid envelope: ${envelope.error.issues[0]?.message}`);
    const event = envelope.data as EventEnvelope;
    const definition = findEventDefinition(event.type, event.version);
    if (!definition) return event; // not ours to judge: a consumer without a handler ignores it
    const data = definition.schema.safeParse(event.data);
    if (!data.success) throw new PoisonMessage(`invalid ${event.type} v${event.version} data: ${data.error.issues[0]?.message}`);
    return { ...event, data: data.data };
  }

  private async applyOnce(message: KafkaMessage, event: EventEnvelope, handler: EventHandler): Promise<void> {
    await this.options.database.db.transaction(async (tx) => {
      const recorded = await tx
        .insert(inbox)
        .values({ consumer: this.options.groupId, eventId: event.id, eventType: event.type })
        .onConflictDoNothing()
        .returning({ eventId: inbox.eventId });
      if (recorded.length === 0) return; // seen before: the effect is already committed
      await enterTenants(tx, [event.tenantId]);
      await inConsumeSpan(message, event, this.options.groupId, () => handler(tx, event));
    });
    this.options.afterCommit?.([event]);
  }

  private async deadLetter(
    topic: string,
    letters: Array<{ message: KafkaMessage; error: Error; attempts: number }>,
  ): Promise<void> {
    const base = topic.slice(this.options.topicPrefix.length) as TopicBase;
    await this.producer.send({
      topic: deadLetterTopicName(this.options.topicPrefix, base),
      acks: -1,
      messages: letters.map(({ message, error, attempts }) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          'dlt-consumer-group': this.options.groupId,
          'dlt-reason': failureReason(error),
          'dlt-attempts': String(attempts),
          'dlt-original-topic': topic,
          'dlt-original-offset': message.offset,
        },
      })),
    });
  }
}

/**
 * Errors that say the database or the network is unavailable (PostgreSQL classes 08, 53 and
 * 57P, serialization/deadlock retries, postgres.js connection codes, socket errors, and gRPC's
 * UNAVAILABLE and DEADLINE_EXCEEDED from a Temporal server that is away), as opposed to an event
 * this consumer cannot apply. drizzle and the Temporal client wrap the cause (the code sits on
 * `.cause`), so the cause chain is walked a few levels down.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number' && GRPC_UNAVAILABLE_CODES.includes(code)) return true;
    if (isInfrastructureCode(String(code ?? ''))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** gRPC status codes: 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE. */
const GRPC_UNAVAILABLE_CODES = [4, 14];

function isInfrastructureCode(code: string): boolean {
  return (
    /^(08|53|57P)/.test(code) ||
    ['40001', '40P01', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    code.startsWith('CONNECT')
  );
}

/** drizzle's execute() result on postgres.js is the row array itself; on other drivers it has `.rows`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
