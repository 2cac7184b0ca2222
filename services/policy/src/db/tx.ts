import type { PgDatabase } from 'drizzle-orm/pg-core';

/** A drizzle database or transaction over this service's schema (consumers get one from the kit). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tx = PgDatabase<any, any, any>;
