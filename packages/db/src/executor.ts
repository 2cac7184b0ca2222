import type { PgDatabase } from 'drizzle-orm/pg-core';

/**
 * The one database-executor type of the house: a drizzle database or an open transaction over a
 * service's schema. Commands, stores and consumers take one, so the same code runs inside the
 * caller's transaction or on its own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Executor = PgDatabase<any, any, any>;
