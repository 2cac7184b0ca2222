import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes, type Kafka, type Producer } from 'kafkajs';
import { sql } from 'drizzle-orm';
import { accountCreatedV1, deadLetterTopicName, eventKey, topicName } from '@agencyflow/contracts';
import { eventually } from '@agencyflow/testing';
import { startConsumerFixture, type ConsumerFixture } from './consumer-fixture';
import { accountCreated } from './events';
import { listDeadLetters, replayDeadLetters, showDeadLetter } from '../src';

/**
 * The operator's loop for an event a consumer could not apply: it is parked (with a reason that
 * quotes no values), kept until someone acts, listed, shown, and replayed once it can succeed.
 */
describe('dead letters', () => {
  let f: ConsumerFixture;
  let kafka: Kafka;
  let topics: ConsumerFixture['topics'];
  let producer: Producer;
  // The downstream refuses until an operator fixes it.
  let refusing = true;

  beforeAll(async () => {
    f = await startConsumerFixture('dead-letters-test', 'event_id uuid not null, account_name text not null', () => ({
      maxAttempts: 2,
      handlers: {
        [eventKey(accountCreatedV1.type, accountCreatedV1.version)]: async (tx, event) => {
          const { name } = event.data as { name: string };
          if (refusing) throw new Error(`downstream refused account "${name}"`);
          await tx.execute(sql`insert into effects (event_id, account_name) values (${event.id}, ${name})`);
        },
      },
    }));
    ({ kafka, topics, producer } = f);
  });
  afterAll(() => f?.stop());

  const effectsOf = async (eventId: string) =>
    (await f.database.sql<{ n: number }[]>`select count(*)::int as n from effects where event_id = ${eventId}`)[0]!.n;

  it('X-6 a dead-letter topic keeps its messages until an operator acts; event topics keep theirs longer than the inbox', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const dlt = deadLetterTopicName(topics.prefix, 'account.events');
      const events = topicName(topics.prefix, 'account.events');
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [dlt, events].map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
      });
      const retention = (name: string) => resources.find((r) => r.resourceName === name)?.configEntries[0]?.configValue;
      expect(retention(dlt)).toBe('-1');
      expect(Number(retention(events))).toBeGreaterThanOrEqual(14 * 24 * 60 * 60 * 1000);
    } finally {
      await admin.disconnect();
    }
  });

  it('X-6 a parked event is listed and shown without its values, replayed once the cause is fixed, and applied once however often it is replayed', async () => {
    const event = accountCreated(randomUUID(), 'Ann Example');
    await producer.send({ topic: topicName(topics.prefix, 'account.events'), acks: -1, messages: [{ key: event.aggregateId, value: JSON.stringify(event) }] });

    const parked = await eventually(async () => {
      const found = (await listDeadLetters(kafka, topics.prefix)).find((l) => l.eventId === event.id);
      expect(found).toBeDefined();
      return found!;
    }, { timeoutMs: 30_000 });
    expect(parked).toMatchObject({ eventType: 'account.account-created', tenantId: 'tenant-1', attempts: 2, replayedAt: null });
    expect(parked.reason).toContain('downstream refused');
    expect(parked.reason).not.toContain('Ann Example');
    expect(await effectsOf(event.id)).toBe(0);

    const shown = await showDeadLetter(kafka, topics.prefix, parked.id);
    expect(shown?.event).toMatchObject({ id: event.id, data: { name: 'Ann Example' } });

    refusing = false;
    expect(await replayDeadLetters(kafka, topics.prefix, [parked.id, parked.id])).toEqual([
      { id: parked.id, replayed: true },
      { id: parked.id, replayed: true },
    ]);
    await eventually(async () => expect(await effectsOf(event.id)).toBe(1), { timeoutMs: 30_000 });
    // The second copy is consumed too, and changes nothing (the inbox has the event).
    const marker = accountCreated(event.aggregateId, 'after the replays');
    await producer.send({ topic: topicName(topics.prefix, 'account.events'), acks: -1, messages: [{ key: event.aggregateId, value: JSON.stringify(marker) }] });
    await eventually(async () => expect(await effectsOf(marker.id)).toBe(1), { timeoutMs: 30_000 });
    expect(await effectsOf(event.id)).toBe(1);

    const listed = (await listDeadLetters(kafka, topics.prefix)).find((l) => l.id === parked.id);
    expect(listed?.replayedAt).not.toBeNull();
  });

  it('X-4 shows a dead letter with protected fields masked, and says when there is no such dead letter', async () => {
    const dlt = deadLetterTopicName(topics.prefix, 'account.events');
    const leaked = { ...accountCreated(randomUUID()), data: { name: 'X', dateOfBirth: '1950-02-03', mbi_enc: 'v1:abc', member: { ssn: '123-45-6789' } } };
    const sent = await producer.send({
      topic: dlt,
      acks: -1,
      messages: [{ key: leaked.aggregateId, value: JSON.stringify(leaked), headers: { 'dlt-original-topic': topicName(topics.prefix, 'account.events') } }],
    });
    const id = `${dlt}:${sent[0]!.partition}:${sent[0]!.baseOffset}`;
    const shown = await showDeadLetter(kafka, topics.prefix, id);
    expect(shown?.event).toMatchObject({ data: { name: 'X', dateOfBirth: '***', mbi_enc: '***', member: { ssn: '***' } } });
    expect(JSON.stringify(shown)).not.toContain('1950-02-03');
    expect(await showDeadLetter(kafka, topics.prefix, `${dlt}:0:999999`)).toBeNull();
  });
});
