import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export * from '@agencyflow/db/schema';

/**
 * Read model of the account service's accounts, built from its events (X-1: the policy
 * service never reads the account service's tables). Policies link only to known accounts.
 */
export const accountDirectory = pgTable(
  'account_directory',
  {
    tenantId: text('tenant_id').notNull(),
    accountId: uuid('account_id').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.accountId] })],
);
