import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Inbox: a consumer records each event id in the same transaction as its effect, so a
 * redelivered event finds its id and has no second effect. Rows older than the inbox
 * retention are trimmed (see trimInbox), which the processed_at index serves.
 */
export const inbox = pgTable(
  'inbox',
  {
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] }), index('inbox_processed_at_idx').on(t.processedAt)],
);
