import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Transactional outbox: an event row is written in the same transaction as the state
 * change it describes; the relay publishes rows in `seq` order and stamps `published_at`.
 * Published rows are trimmed after a retention (see trimPublishedOutbox, served by the seq key).
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
  },
  (t) => [index('outbox_unpublished_idx').on(t.seq).where(sql`published_at is null`)],
);
