import { sql as drizzleSql } from 'drizzle-orm';
import type { TransactionSql } from 'postgres';
import type { Database } from './client';
import type { Executor } from './executor';

/**
 * Tenancy enforced by the database (X-3, docs/decisions/0023). Every tenant table has a
 * row-level security policy (FORCE) that shows and accepts only rows whose tenant is in the
 * transaction's `agencyflow.tenants` setting; the services connect as a role that owns nothing
 * and cannot bypass it. A transaction that sets no tenant sees no row and can write none.
 *
 * The setting is transaction-local (`set_config(..., true)`), so it can never leak to the next
 * user of a pooled connection.
 */
export const TENANTS_SETTING = 'agencyflow.tenants';

function tenantList(tenantIds: readonly string[]): string {
  if (tenantIds.length === 0) throw new Error('A tenant scope needs at least one tenant');
  for (const id of tenantIds) {
    // The setting is a comma-separated list; an id holding a comma could widen the scope.
    if (id.length === 0 || id.includes(',')) throw new Error('Not a valid tenant id for a tenant scope');
  }
  return tenantIds.join(',');
}

/** Scopes the rest of this transaction to these tenants (the last call wins). */
export async function enterTenants(tx: Executor, tenantIds: readonly string[]): Promise<void> {
  await tx.execute(drizzleSql`select set_config(${TENANTS_SETTING}, ${tenantList(tenantIds)}, true)`);
}

const unscoped = (what: string) => () => {
  throw new Error(`${what} outside a transaction on a tenant-scoped database: run it in db.transaction(...) so the tenant is set`);
};

/**
 * The database as these tenants see it: every `db.transaction(...)` (and `sql.begin(...)`) starts
 * by setting the tenants. Statements outside a transaction would run with no tenant and see
 * nothing, so they throw here instead of failing silently.
 */
export function forTenants<T extends Record<string, unknown>>(database: Database<T>, ...tenantIds: string[]): Database<T> {
  const list = tenantList(tenantIds);
  const db = new Proxy(database.db, {
    get(target, property, receiver) {
      if (property === 'transaction') {
        return (work: (tx: Executor) => Promise<unknown>, config?: Parameters<typeof target.transaction>[1]) =>
          target.transaction(async (tx) => {
            await enterTenants(tx, tenantIds);
            return work(tx);
          }, config);
      }
      if (['select', 'selectDistinct', 'selectDistinctOn', 'insert', 'update', 'delete', 'execute', 'with', 'query', 'refreshMaterializedView'].includes(String(property))) {
        return unscoped(`db.${String(property)}`);
      }
      return Reflect.get(target, property, receiver);
    },
  });
  const begin = (work: (tx: TransactionSql) => Promise<unknown>) =>
    database.sql.begin(async (tx) => {
      await tx`select set_config(${TENANTS_SETTING}, ${list}, true)`;
      return work(tx);
    });
  const sql = new Proxy(database.sql, {
    apply: unscoped('sql`...`'),
    get(target, property, receiver) {
      if (property === 'begin') return begin;
      if (property === 'unsafe') return unscoped('sql.unsafe');
      return Reflect.get(target, property, receiver);
    },
  });
  return { db, sql, close: database.close };
}

/** Runs `work` in one transaction scoped to these tenants. */
export function inTenants<R>(database: Database, tenantIds: readonly string[], work: (tx: Executor) => Promise<R>): Promise<R> {
  return forTenants(database, ...tenantIds).db.transaction(work) as Promise<R>;
}

/** Runs `work` in one transaction scoped to one tenant. */
export const inTenant = <R>(database: Database, tenantId: string, work: (tx: Executor) => Promise<R>): Promise<R> =>
  inTenants(database, [tenantId], work);
