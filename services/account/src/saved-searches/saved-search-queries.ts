import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import type { SavedSearchRow } from '../db/saved-search-store';
import { savedSearches } from '../db/schema';

/** The tenant's saved searches, by name without case (the order of their unique index). */
export const savedSearchesOf = (db: Executor, tenantId: string) =>
  db
    .select()
    .from(savedSearches)
    .where(eq(savedSearches.tenantId, tenantId))
    .orderBy(asc(sql`lower(${savedSearches.name})`), asc(savedSearches.id));

/** A saved search of this tenant, or undefined (another tenant's answers like a missing one). */
export async function findSavedSearch(db: Executor, tenantId: string, id: string): Promise<SavedSearchRow | undefined> {
  const [found] = await db.select().from(savedSearches).where(and(eq(savedSearches.tenantId, tenantId), eq(savedSearches.id, id)));
  return found;
}

/** SR-1: a saved search is changed by its owner only; others of the tenant may read and run it. */
export async function ownedSavedSearch(
  db: Executor,
  command: { tenantId: string; savedSearchId: string; actor: string },
): Promise<{ outcome: 'found'; search: SavedSearchRow } | { outcome: 'not-found' } | { outcome: 'not-owner'; owner: string }> {
  const search = await findSavedSearch(db, command.tenantId, command.savedSearchId);
  if (!search) return { outcome: 'not-found' };
  return search.owner === command.actor ? { outcome: 'found', search } : { outcome: 'not-owner', owner: search.owner };
}
