import { sql } from 'drizzle-orm';
import type { Sql, TransactionSql } from 'postgres';
import type { OutgoingEvent } from '@agencyflow/contracts';
import type { Executor } from './executor';
import { outbox } from './schema/outbox';


export const OUTBOX_CHANNEL = 'agencyflow_outbox';

/**
 * Writes events to the outbox inside the caller's transaction. The NOTIFY is delivered only
 * when that transaction commits, which wakes the relay without polling delay.
 */
export async function writeOutbox(
  tx: Executor,
  events: readonly OutgoingEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(outbox).values(
    events.map(({ topic, envelope }) => ({
      eventId: envelope.id,
      topic,
      messageKey: envelope.aggregateId,
      envelope,
    })),
  );
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

/**
 * The set-based twin of writeOutbox for postgres.js transactions doing bulk work: one INSERT for
 * any number of events, in the given order. Arrays go as text[] and are cast, because
 * drizzle's postgres.js client leaves json parameters unserialised.
 */
export async function writeOutboxBulk(tx: Sql | TransactionSql, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx`
    insert into outbox (event_id, topic, message_key, envelope)
    select e.event_id, e.topic, e.message_key, e.envelope::jsonb
    from unnest(
      ${events.map((e) => e.envelope.id)}::uuid[], ${events.map((e) => e.topic)}::text[],
      ${events.map((e) => e.envelope.aggregateId)}::text[], ${events.map((e) => JSON.stringify(e.envelope))}::text[]
    ) with ordinality as e(event_id, topic, message_key, envelope, n)
    order by e.n`;
  await tx`select pg_notify(${OUTBOX_CHANNEL}, '')`;
}
