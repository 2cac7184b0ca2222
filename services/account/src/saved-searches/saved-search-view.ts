import { z } from 'zod';
import type { SavedSearchRow } from '../db/saved-search-store';

/** SR-1 a saved search as answered: its name, criteria (as validated when saved), owner and times. */
export const savedSearchView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  criteria: z.record(z.string(), z.unknown()),
  owner: z.string().meta({ description: 'Who saved it (a token subject): only they rename or delete it' }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SavedSearchView = z.infer<typeof savedSearchView>;

export const savedSearchListView = z.strictObject({ items: z.array(savedSearchView) });

export const toSavedSearchView = (search: SavedSearchRow): SavedSearchView => ({
  id: search.id,
  name: search.name,
  criteria: search.criteria,
  owner: search.owner,
  createdAt: search.createdAt.toISOString(),
  updatedAt: search.updatedAt.toISOString(),
});
