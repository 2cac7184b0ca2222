import { gte, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/** Where the previous page ended: its last row's time (as text, microseconds kept) and id. */
export interface KeysetCursor {
  createdAt: string;
  id: string;
}

/** A newest-first list's window: a time range, a page size, and the cursor after which to go on. */
export interface NewestFirstWindow {
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  before?: KeysetCursor | undefined;
}

/**
 * Newest-first lists of jobs and records are paged by the unique keyset (time, id). These are the
 * window's filters: from `since`, before `until`, and strictly after the cursor.
 */
export function newestFirstFilters(time: AnyColumn, id: AnyColumn, window: NewestFirstWindow): SQL[] {
  const filters: SQL[] = [];
  if (window.since) filters.push(gte(time, new Date(window.since)));
  if (window.until) filters.push(lt(time, new Date(window.until)));
  if (window.before) filters.push(sql`(${time}, ${id}) < (${window.before.createdAt}::timestamptz, ${window.before.id}::uuid)`);
  return filters;
}

/** The keyset time as text, so its microseconds survive the cursor (a JS Date keeps milliseconds). */
export const keysetText = (time: AnyColumn): SQL<string> => sql<string>`to_char(${time} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The page from `limit + 1` rows read newest first: the first `limit`, and the cursor of the last
 * one when there is more.
 */
export function newestFirstPage<T>(rows: Array<{ row: T; keyset: string }>, limit: number, idOf: (row: T) => string = (row) => (row as { id: string }).id) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map((r) => r.row), next: rows.length > limit && last ? ({ createdAt: last.keyset, id: idOf(last.row) } as KeysetCursor) : null };
}
