import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import type { FieldError } from '@agencyflow/http';
import { insertSavedSearch, type SavedSearchRow } from '../db/saved-search-store';
import { compileCriteria } from '../individual-search/compile-criteria';
import type { SearchCriteria } from '../individual-search/search-criteria';

/**
 * SR-1: saves a search under a name unique in the tenant, owned by the caller. Its criteria are
 * checked as a search checks them (custom fields against the tenant's definitions), so a saved
 * search always runs; a refused one writes nothing.
 */
export function saveSearch(
  database: Database,
  command: { tenantId: string; owner: string; name: string; criteria: SearchCriteria },
): Promise<Outcome<'created', { search: SavedSearchRow }> | Outcome<'invalid', { errors: FieldError[] }> | Outcome<'conflict'>> {
  const { tenantId, owner, name, criteria } = command;
  return database.db.transaction(async (tx) => {
    const compiled = await compileCriteria(tx, tenantId, criteria);
    if (compiled.outcome === 'invalid') return compiled;
    const search = await insertSavedSearch(tx, { tenantId, name, criteria, owner });
    return search ? { outcome: 'created' as const, search } : { outcome: 'conflict' as const };
  });
}
