import { and, desc, eq, type SQL } from 'drizzle-orm';
import { keysetText, newestFirstFilters, newestFirstPage, type Executor, type NewestFirstWindow } from '@agencyflow/db';
import { financeAddressReviews, type AddressReviewState } from '../db/schema';

export async function findAddressReview(db: Executor, tenantId: string, reviewId: string) {
  const [row] = await db.select().from(financeAddressReviews).where(and(eq(financeAddressReviews.tenantId, tenantId), eq(financeAddressReviews.id, reviewId)));
  return row;
}

/** A page of reviews, newest request first, by the unique keyset (requested_at, id); its microseconds kept as text. */
export async function listAddressReviews(
  db: Executor,
  tenantId: string,
  query: NewestFirstWindow & { state?: AddressReviewState | undefined; customerId?: string | undefined },
) {
  const t = financeAddressReviews;
  const filters: SQL[] = [eq(t.tenantId, tenantId), ...newestFirstFilters(t.requestedAt, t.id, query)];
  if (query.state) filters.push(eq(t.state, query.state));
  if (query.customerId) filters.push(eq(t.customerId, query.customerId));
  const rows = await db.select({ row: t, keyset: keysetText(t.requestedAt) }).from(t).where(and(...filters)).orderBy(desc(t.requestedAt), desc(t.id)).limit(query.limit + 1);
  return newestFirstPage(rows, query.limit);
}
