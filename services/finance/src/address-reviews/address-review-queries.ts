import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { financeAddressReviews, type AddressReviewState } from '../db/schema';
import { afterKeyset, keysetText, newestFirstPage } from '../newest-first-page';

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
  if (query.before) filters.push(afterKeyset(t.requestedAt, t.id, query.before));
  const rows = await db.select({ row: t, keyset: keysetText(t.requestedAt) }).from(t).where(and(...filters)).orderBy(desc(t.requestedAt), desc(t.id)).limit(query.limit + 1);
  return newestFirstPage(rows, query.limit);
}
