import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { accountCreatedV1, deadLetterTopicName, eventKey } from '@agencyflow/contracts';
import { createDatabase, type Database } from '@agencyflow/db';
import { eventually, readTopic, startTcpProxy, type TcpProxy } from '@agencyflow/testing';
import { accountCreated } from './events';
import { startConsumerFixture, type ConsumerFixture } from './consumer-fixture';
import { EventConsumer } from '../src';

/**
 * X-6 against a real outage: the consumer reaches PostgreSQL through a proxy whose link the test
 * cuts for longer than any count of quick retries. The consumer must neither dead-letter the
 * events nor crash; it pauses the partition, keeps trying, and applies each event once when the
 * link is back.
 */
describe('EventConsumer, while its database is unreachable', () => {
  let fixture: ConsumerFixture;
  let proxy: TcpProxy;
  let proxied: Database;
  let consumer: EventConsumer;
  let crashes = 0;

  beforeAll(async () => {
    fixture = await startConsumerFixture('consumer-outage', 'event_id uuid not null', () => ({
      handlers: {
        [eventKey(accountCreatedV1.type, accountCreatedV1.version)]: async (tx, event) => {
          await tx.execute(sql`insert into effects (event_id) values (${event.id})`);
        },
      },
    }));
    // The fixture's own consumer leaves the group; this one, of the same group, talks to the database through the proxy.
    await fixture.consumer.stop();
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(fixture.database.url).port || 5432) });
    proxied = createDatabase({ url: proxy.proxied(fixture.database.url), schema: {}, max: 2 });
    consumer = new EventConsumer({ ...fixture.options(), database: proxied, maxAttempts: 2, retryDelayMs: 50, maxPauseMs: 400, fetchWaitMs: 200 });
    consumer.onCrash(() => crashes++);
    await consumer.start();
    await consumer.ready();
  });
  afterAll(async () => {
    await consumer?.stop();
    await proxied?.close();
    await proxy?.close();
    await fixture?.stop();
  });

  it('X-6 the partition is paused and retried without limit while the database is away; nothing is dead-lettered and each event applies once', async () => {
    proxy.cut();
    const key = randomUUID();
    const events = Array.from({ length: 40 }, (_, i) => accountCreated(key, `during outage ${i}`));
    await fixture.produce(key, events.map((e) => JSON.stringify(e)));

    await eventually(() => expect(consumer.pausedPartitions().length).toBeGreaterThan(0), { timeoutMs: 20_000 });
    // Each pause follows maxAttempts quick tries; several pauses in a row is more tries than the
    // limit that used to dead-letter (or crash the consumer). postgres.js spaces its reconnects out
    // (0.1, 0.3, 0.8 s ...), so the count grows slowly, as it should against a real outage.
    await eventually(() => expect(consumer.outageTries()).toBeGreaterThanOrEqual(4), { timeoutMs: 60_000 });
    const effects = async () => (await fixture.database.sql<{ n: number }[]>`select count(*)::int as n from effects`)[0]!.n;
    expect(await effects()).toBe(0);

    proxy.mend();
    await eventually(
      async () => expect(await effects()).toBe(events.length),
      { timeoutMs: 30_000 },
    );
    const perEvent = await fixture.database.sql<{ n: number }[]>`select count(*)::int as n from effects group by event_id`;
    expect(perEvent.every((r) => r.n === 1)).toBe(true);
    expect(crashes).toBe(0);
    expect(consumer.pausedPartitions()).toEqual([]);
    const parked = await readTopic(fixture.kafka, deadLetterTopicName(fixture.topics.prefix, 'account.events'), { timeoutMs: 3_000 });
    expect(parked).toEqual([]);
  }, 90_000);
});
