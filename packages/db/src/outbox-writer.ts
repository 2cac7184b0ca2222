import { sql } from 'drizzle-orm';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { OutgoingEvent } from '@agencyflow/contracts';
import { outbox } from './schema/outbox';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyPgDatabase = PgDatabase<any, any, any>;

export const OUTBOX_CHANNEL = 'agencyflow_outbox';

/**
 * Writes events to the outbox inside the caller's transaction. The NOTIFY is delivered only
 * when that transaction commits, which wakes the relay without polling delay.
 */
export async function writeOutbox(
  tx: AnyPgDatabase,
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
