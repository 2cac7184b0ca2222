import { boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * A service's read model of its tenants' security groups (X-3, X-1), built from the account
 * service's security-group-changed events by the consumer service-kit installs: each group's
 * newest state by revision, with its members. A deleted group stays as a tombstone (`deleted`), so
 * a late event never brings it back, and a tenant with any row here is resolved from these rows
 * alone (a tenant with none from the default groups). Every service that does not own the groups
 * has this table in its schema and a migration with its row-level security policy.
 */
export const securityGroupDirectory = pgTable(
  'security_group_directory',
  {
    tenantId: text('tenant_id').notNull(),
    groupId: uuid('group_id').notNull(),
    name: text('name').notNull(),
    permissions: text('permissions').array().notNull(),
    members: text('members').array().notNull(),
    revision: integer('revision').notNull(),
    deleted: boolean('deleted').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.groupId] })],
);
