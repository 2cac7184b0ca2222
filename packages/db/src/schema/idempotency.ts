import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Responses remembered per (tenant, Idempotency-Key), so a retried request that starts work
 * gets the first answer again instead of starting the work twice.
 * - `lease_until`: a claim is held this long; a claim whose process died is taken over after it.
 * - `effect_at`: set by the outbox writer in the very transaction of the request's effect, so a
 *   retry knows the work was done even if its answer was never stored (`effect_aggregate_id` says
 *   on what).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    responseBody: jsonb('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    effectAt: timestamp('effect_at', { withTimezone: true }),
    effectAggregateId: text('effect_aggregate_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);
