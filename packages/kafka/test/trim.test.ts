import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import { accountCreatedV1, buildEvent, topicName, type OutgoingEvent } from '@agencyflow/contracts';
import { writeOutbox } from '@agencyflow/db';
import { createLogger } from '@agencyflow/logger';
import { createTestDatabase, createTestTopics, eventually, readTopic, testKafka, type TestDatabase } from '@agencyflow/testing';
import { InboxTrimmer, OutboxRelay } from '../src';

const logger = createLogger({ name: 'trim-test', level: 'silent' });
const HOUR_MS = 60 * 60 * 1000;

const accountCreated = (name: string): OutgoingEvent => {
  const aggregateId = randomUUID();
  return buildEvent(accountCreatedV1, {
    tenantId: 'tenant-1',
    aggregateId,
    data: { accountId: aggregateId, name, status: 'prospect', createdBy: 'user-1' },
  });
};

describe('trimming the outbox and the inbox', () => {
  let kafka: Kafka;
  let topics: Awaited<ReturnType<typeof createTestTopics>>;
  let database: TestDatabase;

  beforeAll(async () => {
    kafka = testKafka('trim-test');
    topics = await createTestTopics(kafka);
    database = await createTestDatabase('account');
  });
  afterAll(async () => {
    await database?.drop();
    await topics?.remove();
  });

  describe('outbox', () => {
    beforeEach(async () => {
      await database.sql`delete from outbox`;
    });

    /** Inserts rows in this seq order; `publishedAgo` null leaves the row unpublished. */
    async function seed(rows: Array<{ label: string; publishedAgo: string | null }>): Promise<void> {
      for (const { label, publishedAgo } of rows) {
        const event = accountCreated(label);
        await database.sql`
          insert into outbox (event_id, topic, message_key, envelope, created_at, published_at)
          values (${event.envelope.id}, ${event.topic}, ${label}, ${JSON.stringify(event.envelope)}::jsonb,
                  now() - interval '3 hours',
                  case when ${publishedAgo}::interval is null then null else now() - ${publishedAgo}::interval end)`;
      }
    }
    const remaining = async () =>
      (await database.sql<{ message_key: string }[]>`select message_key from outbox order by seq`).map((r) => r.message_key);

    it('X-2 deletes only published rows older than the retention, in small batches; never an unpublished row', async () => {
      await seed([
        // An old row that was never published sits at the lowest seq (a straggler): kept, and not in the way.
        { label: 'unpublished-old', publishedAgo: null },
        ...Array.from({ length: 10 }, (_, i) => ({ label: `old-${i}`, publishedAgo: '2 hours' })),
        ...Array.from({ length: 3 }, (_, i) => ({ label: `recent-${i}`, publishedAgo: '5 minutes' })),
        { label: 'unpublished-new', publishedAgo: null },
      ]);
      // Not started: trimPublished needs no Kafka connection.
      const relay = new OutboxRelay({ kafka, sql: database.sql, topicPrefix: topics.prefix, logger, retentionMs: HOUR_MS, trimBatchSize: 3 });

      expect(await relay.trimPublished()).toBe(10);
      expect(await remaining()).toEqual(['unpublished-old', 'recent-0', 'recent-1', 'recent-2', 'unpublished-new']);
      expect(await relay.trimPublished()).toBe(0);

      const noRetention = new OutboxRelay({ kafka, sql: database.sql, topicPrefix: topics.prefix, logger, retentionMs: 0, trimBatchSize: 3 });
      expect(await noRetention.trimPublished()).toBe(3);
      expect(await remaining()).toEqual(['unpublished-old', 'unpublished-new']);
    });

    it('a running relay trims what it published on its own timer (retention 0), after sending it', async () => {
      const relay = new OutboxRelay({
        kafka,
        sql: database.sql,
        topicPrefix: topics.prefix,
        logger,
        pollIntervalMs: 200,
        retentionMs: 0,
        trimIntervalMs: 100,
      });
      const events = Array.from({ length: 5 }, (_, i) => accountCreated(`trimmed ${i}`));
      await relay.start();
      try {
        await database.db.transaction((tx) => writeOutbox(tx, events));
        await eventually(async () => expect(await remaining()).toEqual([]));
      } finally {
        await relay.stop();
      }
      const ids = new Set(events.map((e) => e.envelope.id));
      const sent = await readTopic(kafka, topicName(topics.prefix, 'account.events'), {
        until: (m) => m.filter((x) => ids.has(x.headers?.['event-id']?.toString() ?? '')).length === ids.size,
        timeoutMs: 20_000,
      });
      expect(sent.filter((m) => ids.has(m.headers?.['event-id']?.toString() ?? ''))).toHaveLength(ids.size);
    });
  });

  describe('inbox', () => {
    it('X-2 deletes inbox rows older than the retention, of every consumer, and keeps the younger ones', async () => {
      const rows = [
        { consumer: 'a', ago: '8 days' },
        { consumer: 'b', ago: '8 days' },
        { consumer: 'a', ago: '7 days 1 minute' },
        { consumer: 'a', ago: '6 days' },
        { consumer: 'b', ago: '1 minute' },
      ].map((r) => ({ ...r, eventId: randomUUID() }));
      for (const { consumer, ago, eventId } of rows) {
        await database.sql`
          insert into inbox (consumer, event_id, event_type, processed_at)
          values (${consumer}, ${eventId}, 'account.account-created', now() - ${ago}::interval)`;
      }
      const trimmer = new InboxTrimmer({ sql: database.sql, logger, batchSize: 2 }); // default retention: 7 days

      expect(await trimmer.trim()).toBe(3);
      const kept = await database.sql<{ event_id: string }[]>`select event_id from inbox order by processed_at`;
      expect(kept.map((r) => r.event_id)).toEqual([rows[3]!.eventId, rows[4]!.eventId]);
      expect(await trimmer.trim()).toBe(0);
    });
  });
});
