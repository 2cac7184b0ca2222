import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Transactional outbox: an event row is written in the same transaction as the state
 * change it describes; the relay publishes rows in `seq` order and stamps `published_at`.
 * Published rows are trimmed after a retention (see trimPublishedOutbox, served by the seq key).
 * A row Kafka refuses for good (not a broker outage: the message itself) is parked
 * (`parked_at`, `park_reason`) so the rows behind it still go; an operator looks at it.
 * `traceparent` carries the writer's trace context to the Kafka message (decision 0034).
 */
export const outbox = pgTable(
  'outbox',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    eventId: uuid('event_id').notNull().unique(),
    topic: text('topic').notNull(),
    messageKey: text('message_key').notNull(),
    envelope: jsonb('envelope').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    parkedAt: timestamp('parked_at', { withTimezone: true }),
    parkReason: text('park_reason'),
    /** W3C traceparent of the span that wrote the row, for the relay to continue the trace (decision 0034); null outside a trace. */
    traceparent: text('traceparent'),
  },
  (t) => [index('outbox_pending_idx').on(t.seq).where(sql`published_at is null and parked_at is null`)],
);
