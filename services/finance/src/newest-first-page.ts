import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * Newest-first lists paged by the unique keyset (time, id): the filter after a cursor, the time read
 * as text so its microseconds survive the cursor, and the page with the keyset of its last row when
 * there may be more (the query asks for limit + 1 rows).
 */
export const afterKeyset = (time: AnyColumn, id: AnyColumn, before: { createdAt: string; id: string }): SQL =>
  sql`(${time}, ${id}) < (${before.createdAt}::timestamptz, ${before.id}::uuid)`;

export const keysetText = (time: AnyColumn): SQL<string> => sql<string>`to_char(${time} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function newestFirstPage<T extends { id: string }>(rows: Array<{ row: T; keyset: string }>, limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map((r) => r.row), next: rows.length > limit && last ? { createdAt: last.keyset, id: last.row.id } : null };
}
