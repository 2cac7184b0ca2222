import type { Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import {
  deadLetterTopicName,
  eventEnvelopeSchema,
  eventKey,
  findEventDefinition,
  topicName,
  type EventEnvelope,
  type TopicBase,
} from '@agencyflow/contracts';
import { inbox, type Database } from '@agencyflow/db';
import type { Logger } from '@agencyflow/logger';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConsumerTransaction = PgDatabase<any, any, any>;

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
}

class PoisonMessage extends Error {}

/**
 * An idempotent Kafka consumer: each event's effect and its inbox row commit together,
 * so a redelivery is a no-op. A message that cannot be parsed, or keeps failing, goes to the
 * topic's dead-letter topic with the reason in its headers, and the consumer moves on.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly joined: Promise<void>;

  constructor(private readonly options: EventConsumerOptions) {
    this.consumer = options.kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
    this.producer = options.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.joined = new Promise((resolve) => this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve()));
  }

  async start(): Promise<void> {
    const { topics, topicPrefix } = this.options;
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: topics.map((t) => topicName(topicPrefix, t)), fromBeginning: true });
    await this.consumer.run({ eachMessage: (payload) => this.handle(payload) });
  }

  /** Resolves once the group is joined and partitions are assigned. */
  ready(): Promise<void> {
    return this.joined;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  private async handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const log = this.options.logger.child({ topic, partition, offset: message.offset });
    let event: EventEnvelope;
    try {
      event = this.parse(message.value);
    } catch (error) {
      log.warn({ reason: (error as Error).message }, 'poison message parked in dead-letter topic');
      return this.deadLetter(topic, message, error as Error, 1);
    }
    const handler = this.options.handlers[eventKey(event.type, event.version)];
    if (!handler) return;

    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.applyOnce(event, handler);
        return;
      } catch (error) {
        if (attempt >= maxAttempts) {
          if (isInfrastructureFailure(error)) {
            // The database or network is down, not the message: never dead-letter a good event
            // for that. Throwing leaves the offset uncommitted; kafkajs retries later.
            log.warn({ err: error, eventId: event.id }, 'infrastructure unavailable; event will be retried');
            throw error;
          }
          log.error({ err: error, eventId: event.id, type: event.type }, 'event failed; parked in dead-letter topic');
          return this.deadLetter(topic, message, error as Error, attempt);
        }
        await delay((this.options.retryDelayMs ?? 200) * 2 ** (attempt - 1));
      }
    }
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

  private async applyOnce(event: EventEnvelope, handler: EventHandler): Promise<void> {
    await this.options.database.db.transaction(async (tx) => {
      const recorded = await tx
        .insert(inbox)
        .values({ consumer: this.options.groupId, eventId: event.id, eventType: event.type })
        .onConflictDoNothing()
        .returning({ eventId: inbox.eventId });
      if (recorded.length === 0) return; // seen before: the effect is already committed
      await handler(tx, event);
    });
  }

  private async deadLetter(
    topic: string,
    message: EachMessagePayload['message'],
    error: Error,
    attempts: number,
  ): Promise<void> {
    const base = topic.slice(this.options.topicPrefix.length) as TopicBase;
    await this.producer.send({
      topic: deadLetterTopicName(this.options.topicPrefix, base),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlt-consumer-group': this.options.groupId,
            'dlt-reason': error.message.slice(0, 500),
            'dlt-attempts': String(attempts),
            'dlt-original-topic': topic,
            'dlt-original-offset': message.offset,
          },
        },
      ],
    });
  }
}

/**
 * Errors that say the database or the network is unavailable (PostgreSQL classes 08, 53 and
 * 57P, serialization/deadlock retries, postgres.js connection codes, socket errors), as
 * opposed to an event this consumer cannot apply.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return (
    /^(08|53|57P)/.test(code) ||
    ['40001', '40P01', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    code.startsWith('CONNECT')
  );
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
