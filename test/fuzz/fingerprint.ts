import type { Sql, TransactionSql } from 'postgres';

/** Per table: its row count and an md5 of all its rows. */
export type Fingerprint = Record<string, string>;

/** Every table of the database outside PostgreSQL's own schemas: the service's tables, its outbox, inbox and idempotency keys. */
export async function tablesOf(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
    order by 1`;
  return rows.map((r) => r.name);
}

/**
 * One statement reads every table whole (the fixture data is small): a request that wrote
 * anything, in any table, changes a count or a hash. Sequences are left out on purpose: a
 * rolled-back insert advances one, and that is not a write anybody can see.
 */
export async function fingerprint(sql: Sql | TransactionSql, tables: string[]): Promise<Fingerprint> {
  if (tables.length === 0) return {};
  const parts = tables.map(
    (table, i) => `select ${i} as i, count(*)::text || ':' || md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as print from ${table} t`,
  );
  const rows = await sql.unsafe<{ i: number; print: string }[]>(parts.join(' union all '));
  return Object.fromEntries(rows.map((row) => [tables[row.i]!, row.print]));
}

/** The tables whose fingerprint differs, with their row counts before and after. */
export const changedTables = (before: Fingerprint, after: Fingerprint): string[] =>
  Object.keys({ ...before, ...after })
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table} (rows ${before[table]?.split(':')[0] ?? '-'} -> ${after[table]?.split(':')[0] ?? '-'})`);
