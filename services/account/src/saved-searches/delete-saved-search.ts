import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { deleteSavedSearch } from '../db/saved-search-store';
import { ownedSavedSearch } from './saved-search-queries';

/** SR-1: the owner deletes a saved search (runs that used it keep their own copy of its criteria, SR-6). */
export function deleteSearch(
  database: Database,
  command: { tenantId: string; savedSearchId: string; actor: string },
): Promise<Outcome<'deleted'> | Outcome<'not-found'> | Outcome<'not-owner', { owner: string }>> {
  return database.db.transaction(async (tx) => {
    const owned = await ownedSavedSearch(tx, command);
    if (owned.outcome !== 'found') return owned;
    await deleteSavedSearch(tx, owned.search.id);
    return { outcome: 'deleted' as const };
  });
}
