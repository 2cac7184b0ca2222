import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export * from '@agencyflow/db/schema';

export const accountStatuses = ['prospect', 'active', 'inactive'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

/** Accounts of a CRM tenant (ACC-1, ACC-6). Every query filters by tenant_id. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: accountStatuses }).notNull().default('prospect'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('accounts_tenant_idx').on(t.tenantId, t.createdAt)],
);
