import postgres, { type Sql } from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';

export type { Sql };

export interface Database<TSchema extends Record<string, unknown> = Record<string, unknown>> {
  /** postgres.js, for set-based bulk SQL. */
  sql: Sql;
  /** drizzle, for the schema-typed ordinary queries. */
  db: PostgresJsDatabase<TSchema>;
  close(): Promise<void>;
}

export interface DatabaseOptions<TSchema extends Record<string, unknown>> {
  url: string;
  schema: TSchema;
  max?: number;
  /** Server settings for every connection of the pool (e.g. idle_in_transaction_session_timeout). */
  settings?: Record<string, string>;
}

export function createDatabase<TSchema extends Record<string, unknown>>({
  url,
  schema,
  max = 10,
  settings = {},
}: DatabaseOptions<TSchema>): Database<TSchema> {
  // onnotice: silence "relation already exists, skipping" chatter from idempotent DDL.
  // jit off: our statements are short page-sized writes; a misestimated one crossed jit_above_cost
  // and spent more time compiling (about 140 ms) than running (docs/decisions/0016).
  const sql = postgres(url, { max, onnotice: () => {}, connection: { application_name: 'agencyflow', jit: 'off', ...settings } });
  const db = drizzle(sql, { schema });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}
