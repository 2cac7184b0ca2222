import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { AccountStatus } from '@agencyflow/contracts';
import type { Executor } from '@agencyflow/db';
import type { AccountRow } from '../db/account-store';
import { accounts } from '../db/schema';

/** An account of this tenant, or undefined: another tenant's account is indistinguishable from none. */
export async function getAccount(db: Executor, tenantId: string, accountId: string): Promise<AccountRow | undefined> {
  const [account] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId)));
  return account;
}

/** created_at as ISO text with all its microseconds (a JS Date keeps milliseconds only). */
const createdAtText = sql<string>`to_char(${accounts.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A page of the tenant's accounts, newest first, by the unique keyset (created_at, id): rows
 * written by one statement share created_at, so paging by it alone would skip them. `before`
 * is the keyset of the previous page's last row; without an id (a bare date-time) the page
 * holds the accounts created before that time.
 */
export async function listAccounts(
  db: Executor,
  tenantId: string,
  query: { status?: AccountStatus | undefined; limit: number; before?: { createdAt: string; id?: string | undefined } | undefined },
) {
  const filters: SQL[] = [eq(accounts.tenantId, tenantId)];
  if (query.status) filters.push(eq(accounts.status, query.status));
  const { before } = query;
  if (before?.id) filters.push(sql`(${accounts.createdAt}, ${accounts.id}) < (${before.createdAt}::timestamptz, ${before.id}::uuid)`);
  else if (before) filters.push(sql`${accounts.createdAt} < ${before.createdAt}::timestamptz`);
  const rows = await db
    .select({ ...getTableColumns(accounts), keysetCreatedAt: createdAtText })
    .from(accounts)
    .where(and(...filters))
    .orderBy(desc(accounts.createdAt), desc(accounts.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = rows.length > query.limit ? page[page.length - 1]! : undefined;
  return {
    items: page.map(({ keysetCreatedAt: _, ...account }) => account),
    next: last ? { createdAt: last.keysetCreatedAt, id: last.id } : null,
  };
}
