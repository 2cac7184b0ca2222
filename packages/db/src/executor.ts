import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { Sql, TransactionSql } from 'postgres';

/**
 * The one database-executor type of the house: a drizzle database or an open transaction over a
 * service's schema. Commands, stores and consumers take one, so the same code runs inside the
 * caller's transaction or on its own. Set-based statements reach the same connection through
 * sqlOf, so a command opens one kind of transaction whatever its stores do inside it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Executor = PgDatabase<any, any, any>;

/** The postgres.js side of an executor: the pool, or the very transaction the executor is in. */
export type SqlExecutor = Sql | TransactionSql;

/**
 * The postgres.js handle under a drizzle database or transaction (for `COPY`, `unnest` arrays
 * and other set-based SQL in the same transaction). drizzle keeps it on its session; a test in
 * packages/db pins that, so an upgrade that moves it fails there and not in production.
 */
export function sqlOf(executor: Executor): SqlExecutor {
  const client = (executor as unknown as { _: { session: { client?: SqlExecutor } } })._?.session?.client;
  if (typeof client !== 'function') throw new Error('sqlOf: not a drizzle postgres.js database or transaction');
  return client;
}
