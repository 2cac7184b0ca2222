import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';

/**
 * A service's own tables, from its schema module less the shared ones (outbox, inbox, ...): each by
 * its SQL name and by the schema variable code writes it through. For store-ownership tests.
 */
export function ownTables(schema: Record<string, unknown>, shared: Array<Record<string, unknown>>): Array<{ sql: string; drizzle: string }> {
  const sharedTables = new Set(shared.flatMap((module) => Object.values(module)));
  return Object.entries(schema)
    .filter(([, value]) => is(value, PgTable) && !sharedTables.has(value))
    .map(([variable, table]) => ({ sql: getTableName(table as PgTable), drizzle: variable }));
}
