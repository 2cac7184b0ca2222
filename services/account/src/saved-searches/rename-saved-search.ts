import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { renameSavedSearch, type SavedSearchRow } from '../db/saved-search-store';
import { isUniqueViolation } from '../db/postgres-errors';
import { ownedSavedSearch } from './saved-search-queries';

/** SR-1: the owner renames a saved search; a name another saved search of the tenant has is a conflict. */
export async function renameSearch(
  database: Database,
  command: { tenantId: string; savedSearchId: string; actor: string; name: string },
): Promise<Outcome<'renamed', { search: SavedSearchRow }> | Outcome<'not-found'> | Outcome<'not-owner', { owner: string }> | Outcome<'conflict'>> {
  try {
    return await database.db.transaction(async (tx) => {
      const owned = await ownedSavedSearch(tx, command);
      if (owned.outcome !== 'found') return owned;
      return { outcome: 'renamed' as const, search: await renameSavedSearch(tx, owned.search.id, command.name) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: 'conflict' };
    throw error;
  }
}
