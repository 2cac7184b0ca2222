import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partitioners, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { sql } from 'drizzle-orm';
import { accountCreatedV1, deadLetterTopicName, eventKey, topicName } from '@agencyflow/contracts';
import { createLogger } from '@agencyflow/logger';
import { createTestDatabase, createTestTopics, eventually, readTopic, shortId, testKafka, type TestDatabase } from '@agencyflow/testing';
import { accountCreated, header } from './events';
import { EventConsumer, type EventConsumerOptions } from '../src';

const MAX_ATTEMPTS = 3;
const CHUNK = 500;
const EXPLODE = 'always-fails';
/** Fails with a drizzle-style wrapped connection error for its first INFRA_FAILURES runs. */
const FLAKY_INFRA = 'infra-flaky';
const INFRA_FAILURES = MAX_ATTEMPTS + 1;

describe('EventConsumer, batches', () => {
  let kafka: Kafka;
  let topics: Awaited<ReturnType<typeof createTestTopics>>;
  let database: TestDatabase;
  let producer: Producer;
  let consumer: EventConsumer;
  const groupId = `batch-test-${shortId()}`;
  /** Handler runs per event id, rolled back or not. */
  const runs = new Map<string, number>();
  const logger = createLogger({ name: 'event-consumer-batch-test', level: 'silent' });

  const consumerOptions = (): EventConsumerOptions => ({
    kafka,
    groupId,
    topics: ['account.events'],
    topicPrefix: topics.prefix,
    database,
    logger,
    maxAttempts: MAX_ATTEMPTS,
    retryDelayMs: 10,
    maxEventsPerTransaction: CHUNK,
    handlers: {
      [eventKey(accountCreatedV1.type, accountCreatedV1.version)]: async (tx, event) => {
        const { name } = event.data as { name: string };
        const run = (runs.get(event.id) ?? 0) + 1;
        runs.set(event.id, run);
        // Deliberately non-idempotent, and tagged with the transaction that applied it.
        await tx.execute(sql`insert into effects (event_id, account_name, txid) values (${event.id}, ${name}, txid_current())`);
        if (name === EXPLODE) throw new Error('downstream refused');
        if (name === FLAKY_INFRA && run <= INFRA_FAILURES) {
          const cause = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
          throw new Error('Failed query: insert into effects', { cause });
        }
      },
    },
  });

  beforeAll(async () => {
    kafka = testKafka('event-consumer-batch-test');
    topics = await createTestTopics(kafka);
    database = await createTestDatabase('policy');
    await database.sql`create table effects (event_id uuid not null, account_name text not null, txid bigint not null)`;
    producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    consumer = new EventConsumer(consumerOptions());
    await consumer.start();
    await consumer.ready();
  });
  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await database?.drop();
    await topics?.remove();
  });

  /** One produce request with one key: one partition, consumed in this order, fetched as one batch. */
  const produce = (key: string, values: string[]) =>
    producer.send({ topic: topicName(topics.prefix, 'account.events'), acks: -1, messages: values.map((value) => ({ key, value })) });

  const count = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;
  const effectsPerEvent = async (ids: string[]) =>
    new Map(
      (
        await database.sql<{ event_id: string; n: number }[]>`
          select event_id, count(*)::int as n from effects where event_id in ${database.sql(ids)} group by event_id`
      ).map((r) => [r.event_id, r.n]),
    );
  const inboxRows = (ids: string[]) =>
    count(database.sql`select count(*)::int as n from inbox where consumer = ${groupId} and event_id in ${database.sql(ids)}`);
  const processed = (eventId: string) =>
    eventually(async () => expect(await inboxRows([eventId])).toBe(1), { timeoutMs: 30_000 });
  const deadLetters = (until: (messages: KafkaMessage[]) => boolean) =>
    readTopic(kafka, deadLetterTopicName(topics.prefix, 'account.events'), { until, timeoutMs: 20_000 });

  const N = 1_200;
  const key = randomUUID();
  const batch = Array.from({ length: N }, (_, i) => accountCreated(key, `account ${i}`));
  const batchIds = batch.map((e) => e.id);

  it('X-2 a batch of N events is applied once each, with N inbox rows, in a few transactions', async () => {
    await produce(key, batch.map((e) => JSON.stringify(e)));
    await processed(batchIds.at(-1)!);

    const effects = await effectsPerEvent(batchIds);
    expect(effects.size).toBe(N);
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    expect(await inboxRows(batchIds)).toBe(N);
    expect(batchIds.every((id) => runs.get(id) === 1)).toBe(true);
    // One transaction per chunk, not per event (N/CHUNK when Kafka hands over the batch in one fetch).
    const transactions = await count(
      database.sql`select count(distinct txid)::int as n from effects where event_id in ${database.sql(batchIds)}`,
    );
    expect(transactions).toBeGreaterThanOrEqual(Math.ceil(N / CHUNK));
    expect(transactions).toBeLessThan(N / 50);
    // Effects follow offset order inside each transaction.
    const order = await database.sql<{ event_id: string }[]>`
      select event_id from effects where event_id in ${database.sql(batchIds)} order by txid, ctid`;
    expect(order.map((r) => r.event_id)).toEqual(batchIds);
  });

  it('X-2 the same batch redelivered (offsets reset to the beginning) has no second effect', async () => {
    await consumer.stop();
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId, topic: topicName(topics.prefix, 'account.events'), earliest: true });
    } finally {
      await admin.disconnect();
    }
    consumer = new EventConsumer(consumerOptions());
    await consumer.start();
    await consumer.ready();

    // The marker follows the whole batch on its partition: once it is applied, so was the replay.
    const marker = accountCreated(key, 'after the replay');
    await produce(key, [JSON.stringify(marker)]);
    await processed(marker.id);

    const effects = await effectsPerEvent(batchIds);
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    expect(await inboxRows(batchIds)).toBe(N);
    // The set-based inbox insert found every id: no handler even ran again.
    expect(batchIds.every((id) => runs.get(id) === 1)).toBe(true);
    expect((await effectsPerEvent([marker.id])).get(marker.id)).toBe(1);
  });

  it('X-2 a poison message and a failing event mid-batch are dead-lettered; every other event applies once', async () => {
    const key = randomUUID();
    const before = Array.from({ length: 30 }, (_, i) => accountCreated(key, `before ${i}`));
    const between = Array.from({ length: 30 }, (_, i) => accountCreated(key, `between ${i}`));
    const after = Array.from({ length: 30 }, (_, i) => accountCreated(key, `after ${i}`));
    const failing = accountCreated(key, EXPLODE);
    const notJson = `{not json ${shortId()}`;
    const good = [...before, ...between, ...after];
    await produce(key, [
      ...before.map((e) => JSON.stringify(e)),
      notJson,
      ...between.map((e) => JSON.stringify(e)),
      JSON.stringify(failing),
      ...after.map((e) => JSON.stringify(e)),
    ]);
    await processed(after.at(-1)!.id);

    const goodIds = good.map((e) => e.id);
    const effects = await effectsPerEvent(goodIds);
    expect(effects.size).toBe(good.length);
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    expect(await inboxRows(goodIds)).toBe(good.length);
    // Rolled back every time: no effect, no inbox row; the batch run counts as its first attempt.
    expect((await effectsPerEvent([failing.id])).size).toBe(0);
    expect(await inboxRows([failing.id])).toBe(0);
    expect(runs.get(failing.id)).toBe(MAX_ATTEMPTS);

    const parked = await deadLetters(
      (m) => m.some((x) => x.value?.toString() === notJson) && m.some((x) => x.value?.toString().includes(failing.id)),
    );
    const failed = parked.filter((m) => m.value!.toString().includes(failing.id));
    expect(failed).toHaveLength(1);
    expect(header(failed[0]!, 'dlt-reason')).toBe('Error downstream refused');
    expect(header(failed[0]!, 'dlt-attempts')).toBe(String(MAX_ATTEMPTS));
    const poison = parked.filter((m) => m.value?.toString() === notJson);
    expect(poison).toHaveLength(1);
    expect(header(poison[0]!, 'dlt-reason')).toMatch(/not JSON/);
    // No good event was parked.
    expect(parked.some((m) => goodIds.some((id) => m.value!.toString().includes(id)))).toBe(false);
  });

  it('X-6 a wrapped connection error is never dead-lettered: the batch is retried until it applies, once', async () => {
    const key = randomUUID();
    const neighbours = Array.from({ length: 10 }, (_, i) => accountCreated(key, `neighbour ${i}`));
    const flaky = accountCreated(key, FLAKY_INFRA);
    const marker = `{poison marker ${shortId()}`;
    await produce(key, [
      ...neighbours.slice(0, 5).map((e) => JSON.stringify(e)),
      JSON.stringify(flaky),
      ...neighbours.slice(5).map((e) => JSON.stringify(e)),
      marker,
    ]);
    await processed(neighbours.at(-1)!.id);

    const ids = [...neighbours, flaky].map((e) => e.id);
    const effects = await effectsPerEvent(ids);
    expect(effects.size).toBe(ids.length);
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    expect(await inboxRows(ids)).toBe(ids.length);
    // Failed more often than maxAttempts (so kafkajs had to redeliver), yet applied, not parked.
    expect(runs.get(flaky.id)).toBe(INFRA_FAILURES + 1);
    const parked = await deadLetters((m) => m.some((x) => x.value?.toString() === marker));
    expect(parked.some((m) => m.value?.toString().includes(flaky.id))).toBe(false);
  });
});
