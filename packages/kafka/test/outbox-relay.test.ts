import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { accountCreatedV1, buildEvent, topicName, type OutgoingEvent } from '@agencyflow/contracts';
import { createDatabase, writeOutbox, type Database } from '@agencyflow/db';
import { createLogger } from '@agencyflow/logger';
import { createTestDatabase, createTestTopics, eventually, readTopic, testKafka, type TestDatabase } from '@agencyflow/testing';
import { OutboxRelay } from '../src';

const logger = createLogger({ name: 'outbox-relay-test', level: 'silent' });

const accountCreated = (aggregateId: string, name: string): OutgoingEvent =>
  buildEvent(accountCreatedV1, {
    tenantId: 'tenant-1',
    aggregateId,
    data: { accountId: aggregateId, name, status: 'prospect', createdBy: 'user-1' },
  });

const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

describe('OutboxRelay', () => {
  let kafka: Kafka;
  let topics: Awaited<ReturnType<typeof createTestTopics>>;
  let database: TestDatabase;
  let topic: string;

  beforeAll(async () => {
    kafka = testKafka('outbox-relay-test');
    topics = await createTestTopics(kafka);
    topic = topicName(topics.prefix, 'account.events');
    database = await createTestDatabase('account');
  });
  afterAll(async () => {
    await database?.drop();
    await topics?.remove();
  });

  /** Runs `body` with relays started on their own connection pools (like separate service instances). */
  async function withRelays(count: number, body: () => Promise<void>, batchSize = 500): Promise<void> {
    const pools: Database[] = [];
    const relays: OutboxRelay[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const pool = createDatabase({ url: database.url, schema: {}, max: 2 });
        pools.push(pool);
        const relay = new OutboxRelay({ kafka, sql: pool.sql, topicPrefix: topics.prefix, logger, batchSize, pollIntervalMs: 200 });
        await relay.start();
        relays.push(relay);
      }
      await body();
    } finally {
      for (const relay of relays) await relay.stop();
      for (const pool of pools) await pool.close();
    }
  }

  const commit = (events: OutgoingEvent[]) => database.db.transaction((tx) => writeOutbox(tx, events));

  const unpublished = async (ids: string[]) => {
    const [row] = await database.sql<{ n: number }[]>`
      select count(*)::int as n from outbox where event_id in ${database.sql(ids)} and published_at is null`;
    return row!.n;
  };

  /** Every message on the topic (up to its current high watermarks), so duplicates are seen too. */
  async function readAll(): Promise<KafkaMessage[]> {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    const messages = await readTopic(kafka, topic, { until: (m) => m.length >= total, timeoutMs: 20_000 });
    expect(messages).toHaveLength(total);
    return messages;
  }

  it('X-2 publishes committed events keyed by aggregate id, in commit order per aggregate, with event headers', async () => {
    const aggregates = [randomUUID(), randomUUID()];
    const written: OutgoingEvent[] = [];
    await withRelays(1, async () => {
      for (let i = 0; i < 20; i++) {
        const event = accountCreated(aggregates[i % 2]!, `account ${i}`);
        written.push(event);
        await commit([event]);
      }
      const ids = written.map((e) => e.envelope.id);
      await eventually(async () => expect(await unpublished(ids)).toBe(0));
    });

    const ids = new Set(written.map((e) => e.envelope.id));
    const mine = (await readAll()).filter((m) => ids.has(header(m, 'event-id')!));
    expect(mine).toHaveLength(20);
    for (const aggregateId of aggregates) {
      const expected = written.filter((e) => e.envelope.aggregateId === aggregateId).map((e) => e.envelope.id);
      const received = mine.filter((m) => m.key?.toString() === aggregateId);
      expect(received.map((m) => header(m, 'event-id'))).toEqual(expected);
    }
    for (const message of mine) {
      expect(header(message, 'event-type')).toBe('account.account-created');
      expect(header(message, 'event-version')).toBe('1');
      const envelope = JSON.parse(message.value!.toString());
      expect(envelope.id).toBe(header(message, 'event-id'));
      expect(envelope.aggregateId).toBe(message.key?.toString());
    }

    const [rows] = await database.sql<{ total: number; published: number }[]>`
      select count(*)::int as total, count(published_at)::int as published
      from outbox where event_id in ${database.sql([...ids])} and published_at >= created_at`;
    expect(rows).toEqual({ total: 20, published: 20 });
  });

  it('X-2 an event written in a transaction that rolls back is never stored nor published', async () => {
    const aggregateId = randomUUID();
    const rolledBack = accountCreated(aggregateId, 'never happened');
    const committed = accountCreated(aggregateId, 'happened');
    await expect(
      database.db.transaction(async (tx) => {
        await writeOutbox(tx, [rolledBack]);
        throw new Error('business rule refused the change');
      }),
    ).rejects.toThrow('business rule refused');
    await withRelays(1, async () => {
      await commit([committed]);
      await eventually(async () => expect(await unpublished([committed.envelope.id])).toBe(0));
    });

    const [stored] = await database.sql<{ n: number }[]>`
      select count(*)::int as n from outbox where event_id = ${rolledBack.envelope.id}`;
    expect(stored!.n).toBe(0);
    const eventIds = (await readAll()).map((m) => header(m, 'event-id'));
    expect(eventIds).toContain(committed.envelope.id);
    expect(eventIds).not.toContain(rolledBack.envelope.id);
  });

  it('X-2 two relays on the same database publish each event exactly once (advisory lock)', async () => {
    const aggregates = [randomUUID(), randomUUID(), randomUUID()];
    const written: OutgoingEvent[] = [];
    await withRelays(
      2,
      async () => {
        // Many small transactions, several at a time: every commit NOTIFYs both relays at once.
        for (let round = 0; round < 15; round++) {
          const batch = aggregates.map((id) => accountCreated(id, `round ${round}`));
          written.push(...batch);
          await Promise.all(batch.map((event) => commit([event])));
        }
        const ids = written.map((e) => e.envelope.id);
        await eventually(async () => expect(await unpublished(ids)).toBe(0), { timeoutMs: 30_000 });
      },
      4,
    );

    const ids = new Set(written.map((e) => e.envelope.id));
    const counts = new Map<string, number>();
    for (const message of await readAll()) {
      const id = header(message, 'event-id')!;
      if (ids.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.size).toBe(written.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('X-2 a row Kafka refuses (over its message size) is parked with the reason, and the rows after it are published', async () => {
    const aggregateId = randomUUID();
    const before = accountCreated(aggregateId, 'before');
    await commit([before]);
    // Written past buildEvent's size bound, as a row from an older release could be.
    const huge = { ...accountCreated(aggregateId, 'huge').envelope, data: { accountId: aggregateId, name: 'x'.repeat(1_200_000), status: 'prospect', createdBy: 'u' } };
    await database.sql`
      insert into outbox (event_id, topic, message_key, envelope)
      values (${huge.id}, 'account.events', ${aggregateId}, ${JSON.stringify(huge)}::jsonb)`;
    const after = [accountCreated(aggregateId, 'after 1'), accountCreated(aggregateId, 'after 2')];
    await commit(after);

    await withRelays(1, async () => {
      await eventually(async () => expect(await unpublished([before, ...after].map((e) => e.envelope.id))).toBe(0), { timeoutMs: 30_000 });
    });
    const [parked] = await database.sql<{ parked_at: Date | null; park_reason: string | null; published_at: Date | null }[]>`
      select parked_at, park_reason, published_at from outbox where event_id = ${huge.id}`;
    expect(parked).toMatchObject({ published_at: null });
    expect(parked!.parked_at).not.toBeNull();
    expect(parked!.park_reason).toMatch(/MESSAGE_TOO_LARGE|too large/i);
    const received = (await readAll()).filter((m) => m.key?.toString() === aggregateId).map((m) => header(m, 'event-id'));
    expect(received).toEqual([before, ...after].map((e) => e.envelope.id));
  });
});
