import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { financeAddressReviews, type AddressReviewState } from '../db/schema';

export async function findAddressReview(db: Executor, tenantId: string, reviewId: string) {
  const [row] = await db.select().from(financeAddressReviews).where(and(eq(financeAddressReviews.tenantId, tenantId), eq(financeAddressReviews.id, reviewId)));
  return row;
}

/** A page of reviews, newest request first, by the unique keyset (requested_at, id); its microseconds kept as text. */
export async function listAddressReviews(
  db: Executor,
  tenantId: string,
  query: { state?: AddressReviewState | undefined; customerId?: string | undefined; limit: number; before?: { createdAt: string; id: string } | undefined },
) {
  const t = financeAddressReviews;
  const filters: SQL[] = [eq(t.tenantId, tenantId)];
  if (query.state) filters.push(eq(t.state, query.state));
  if (query.customerId) filters.push(eq(t.customerId, query.customerId));
  if (query.before) filters.push(sql`(${t.requestedAt}, ${t.id}) < (${query.before.createdAt}::timestamptz, ${query.before.id}::uuid)`);
  const rows = await db
    .select({ review: t, keyset: sql<string>`to_char(${t.requestedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(t)
    .where(and(...filters))
    .orderBy(desc(t.requestedAt), desc(t.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items: items.map((r) => r.review), next: rows.length > query.limit && last ? { createdAt: last.keyset, id: last.review.id } : null };
}
