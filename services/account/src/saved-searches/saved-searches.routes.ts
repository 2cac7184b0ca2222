import { Router } from 'express';
import { forTenants, inTenant } from '@agencyflow/db';
import { idempotency, parseInput, principalOf, problems, requirePermission, ProblemError } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import type { SavedSearchRow } from '../db/saved-search-store';
import { deleteSearch } from './delete-saved-search';
import { renameSearch } from './rename-saved-search';
import { saveSearch } from './save-search';
import { findSavedSearch, savedSearchesOf } from './saved-search-queries';
import { renameSearchBody, saveSearchBody, savedSearchIdParams } from './saved-search-schemas';

const view = (search: SavedSearchRow) => ({
  id: search.id,
  name: search.name,
  criteria: search.criteria,
  owner: search.owner,
  createdAt: search.createdAt.toISOString(),
  updatedAt: search.updatedAt.toISOString(),
});

const nameTaken = (name: string) =>
  problems.conflict('saved-search-name-taken', 'Saved search name taken', `The tenant has a saved search named "${name}" (names are compared without case).`);
const notOwner = (owner: string) =>
  new ProblemError(403, 'not-saved-search-owner', 'Not the owner', 'Only the user who saved a search may rename or delete it.', { owner });

/**
 * SR-1 saved searches of the tenant: name, criteria, owner, created and updated times. Anyone of
 * the tenant with accounts:view reads them; saving, renaming and deleting need individuals:edit,
 * and only the owner renames or deletes one.
 */
export function savedSearchRoutes({ database, idempotencyStore }: ServiceDeps): Router {
  const router = Router();
  const edit = requirePermission('individuals:edit');
  const read = requirePermission('accounts:view');

  router.post('/saved-searches', edit, idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { name, criteria } = parseInput(saveSearchBody, req.body);
    const result = await saveSearch(forTenants(database, tenantId), { tenantId, owner: subject, name, criteria });
    if (result.outcome === 'invalid') throw problems.validation(result.errors);
    if (result.outcome === 'conflict') throw nameTaken(name);
    res.status(201).location(`/saved-searches/${result.search.id}`).json(view(result.search));
  });

  router.get('/saved-searches', read, async (req, res) => {
    const { tenantId } = principalOf(req);
    res.json({ items: (await inTenant(database, tenantId, (tx) => savedSearchesOf(tx, tenantId))).map(view) });
  });

  router.get('/saved-searches/:savedSearchId', read, async (req, res) => {
    const { tenantId } = principalOf(req);
    const { savedSearchId } = parseInput(savedSearchIdParams, req.params, 'path');
    const search = await inTenant(database, tenantId, (tx) => findSavedSearch(tx, tenantId, savedSearchId));
    if (!search) throw problems.notFound('saved search');
    res.json(view(search));
  });

  router.patch('/saved-searches/:savedSearchId', edit, async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { savedSearchId } = parseInput(savedSearchIdParams, req.params, 'path');
    const { name } = parseInput(renameSearchBody, req.body);
    const result = await renameSearch(forTenants(database, tenantId), { tenantId, savedSearchId, actor: subject, name });
    if (result.outcome === 'not-found') throw problems.notFound('saved search');
    if (result.outcome === 'not-owner') throw notOwner(result.owner);
    if (result.outcome === 'conflict') throw nameTaken(name);
    res.json(view(result.search));
  });

  router.delete('/saved-searches/:savedSearchId', edit, async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { savedSearchId } = parseInput(savedSearchIdParams, req.params, 'path');
    const result = await deleteSearch(forTenants(database, tenantId), { tenantId, savedSearchId, actor: subject });
    if (result.outcome === 'not-found') throw problems.notFound('saved search');
    if (result.outcome === 'not-owner') throw notOwner(result.owner);
    res.status(204).end();
  });

  return router;
}
