import { eq, sql } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { savedSearches } from './schema';

/**
 * The saved search store: the only writer of `saved_searches` (SR-1). A name is unique in the
 * tenant without case (the unique index decides, so two saves of one name cannot both win).
 * Saved searches publish no events: no other service follows them yet (decision 0025).
 */

export type SavedSearchRow = typeof savedSearches.$inferSelect;

/** A new saved search; undefined when the tenant has one of that name. */
export async function insertSavedSearch(
  tx: Executor,
  search: { tenantId: string; name: string; criteria: Record<string, unknown>; owner: string },
): Promise<SavedSearchRow | undefined> {
  const [created] = await tx.insert(savedSearches).values(search).onConflictDoNothing().returning();
  return created;
}

/** Renames a saved search; a name another of the tenant's has fails on the unique index (isUniqueViolation). */
export async function renameSavedSearch(tx: Executor, id: string, name: string): Promise<SavedSearchRow> {
  const [renamed] = await tx.update(savedSearches).set({ name, updatedAt: sql`now()` }).where(eq(savedSearches.id, id)).returning();
  return renamed!;
}

export async function deleteSavedSearch(tx: Executor, id: string): Promise<void> {
  await tx.delete(savedSearches).where(eq(savedSearches.id, id));
}
