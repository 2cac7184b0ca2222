import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { sql } from 'drizzle-orm';
import { accountCreatedV1, deadLetterTopicName, eventKey, topicName } from '@agencyflow/contracts';
import { eventually, readTopic, shortId } from '@agencyflow/testing';
import { startConsumerFixture, type ConsumerFixture } from './consumer-fixture';
import { accountCreated, header } from './events';

const MAX_ATTEMPTS = 3;
const EXPLODE = 'always-fails';

describe('EventConsumer', () => {
  let f: ConsumerFixture;
  let kafka: Kafka;
  let topics: ConsumerFixture['topics'];
  let database: ConsumerFixture['database'];
  let groupId: string;
  const attempts = new Map<string, number>();

  beforeAll(async () => {
    f = await startConsumerFixture('event-consumer-test', 'event_id uuid not null, account_name text not null', () => ({
      maxAttempts: MAX_ATTEMPTS,
      handlers: {
        // A deliberately non-idempotent effect: one row per handler run.
        [eventKey(accountCreatedV1.type, accountCreatedV1.version)]: async (tx, event) => {
          const { name } = event.data as { name: string };
          attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
          await tx.execute(sql`insert into effects (event_id, account_name) values (${event.id}, ${name})`);
          if (name === EXPLODE) throw new Error('downstream refused');
        },
      },
    }));
    ({ kafka, topics, database, groupId } = f);
  });
  afterAll(() => f?.stop());

  const produce = (key: string, values: string[]) => f.produce(key, values);

  const effectsOf = async (eventId: string) =>
    (await database.sql<{ n: number }[]>`select count(*)::int as n from effects where event_id = ${eventId}`)[0]!.n;
  const inboxRowsOf = async (eventId: string) =>
    (await database.sql<{ n: number }[]>`select count(*)::int as n from inbox where event_id = ${eventId} and consumer = ${groupId}`)[0]!.n;
  const processed = (eventId: string) => eventually(async () => expect(await inboxRowsOf(eventId)).toBe(1), { timeoutMs: 30_000 });

  const deadLetters = (until: (messages: KafkaMessage[]) => boolean) =>
    readTopic(kafka, deadLetterTopicName(topics.prefix, 'account.events'), { until, timeoutMs: 20_000 });

  it('X-2 the same event delivered twice has one effect and one inbox row', async () => {
    const key = randomUUID();
    const event = accountCreated(key);
    const after = accountCreated(key, 'next');
    await produce(key, [JSON.stringify(event), JSON.stringify(event), JSON.stringify(after)]);

    // `after` follows both copies on the same partition: once it is processed, so are they.
    await processed(after.id);
    expect(await effectsOf(event.id)).toBe(1);
    expect(await inboxRowsOf(event.id)).toBe(1);
    expect(attempts.get(event.id)).toBe(1);
  });

  it('parks poison messages (not JSON; invalid data for a known event) in the DLT and moves on', async () => {
    const key = randomUUID();
    const notJson = `{not json ${shortId()}`;
    const badData = accountCreated(key);
    (badData.data as Record<string, unknown>).status = 'bogus';
    const good = accountCreated(key, 'good');
    await produce(key, [notJson, JSON.stringify(badData), JSON.stringify(good)]);

    await processed(good.id);
    expect(await effectsOf(good.id)).toBe(1);
    expect(await effectsOf(badData.id)).toBe(0);
    expect(await inboxRowsOf(badData.id)).toBe(0);

    const parked = await deadLetters((m) => m.some((x) => x.value?.toString() === notJson) && m.some((x) => x.value?.toString().includes(badData.id)));
    const byValue = (match: (v: string) => boolean) => parked.find((m) => match(m.value!.toString()))!;
    const notJsonLetter = byValue((v) => v === notJson);
    expect(header(notJsonLetter, 'dlt-reason')).toMatch(/not JSON/);
    expect(header(notJsonLetter, 'dlt-consumer-group')).toBe(groupId);
    expect(header(notJsonLetter, 'dlt-original-topic')).toBe(topicName(topics.prefix, 'account.events'));
    expect(notJsonLetter.key?.toString()).toBe(key);
    const badDataLetter = byValue((v) => v.includes(badData.id));
    expect(header(badDataLetter, 'dlt-reason')).toMatch(/invalid account\.account-created v1 data/);
    expect(header(badDataLetter, 'dlt-consumer-group')).toBe(groupId);
    expect(JSON.parse(badDataLetter.value!.toString())).toEqual(badData);
  });

  it('X-2 a handler that keeps failing is retried, parked in the DLT after maxAttempts, rolled back each time; the next event is processed', async () => {
    const key = randomUUID();
    const failing = accountCreated(key, EXPLODE);
    const next = accountCreated(key, 'after the failure');
    await produce(key, [JSON.stringify(failing), JSON.stringify(next)]);

    await processed(next.id);
    expect(attempts.get(failing.id)).toBe(MAX_ATTEMPTS);
    // Each attempt inserted an effect row and then threw: every one was rolled back with its inbox row.
    expect(await effectsOf(failing.id)).toBe(0);
    expect(await inboxRowsOf(failing.id)).toBe(0);
    expect(await effectsOf(next.id)).toBe(1);

    const parked = await deadLetters((m) => m.some((x) => x.value?.toString().includes(failing.id)));
    const letter = parked.find((m) => m.value!.toString().includes(failing.id))!;
    expect(header(letter, 'dlt-reason')).toBe('Error downstream refused');
    expect(header(letter, 'dlt-attempts')).toBe(String(MAX_ATTEMPTS));
    expect(header(letter, 'dlt-consumer-group')).toBe(groupId);
    expect(JSON.parse(letter.value!.toString()).id).toBe(failing.id);
  });
});
