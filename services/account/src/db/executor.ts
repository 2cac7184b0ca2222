import type { PgDatabase } from 'drizzle-orm/pg-core';

/** A database or an open transaction: use cases and consumers run their queries on either. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Executor = PgDatabase<any, any, any>;
