import { forTenants, inTenant } from '@agencyflow/db';
import { defineRoutes, implementRoutes, principalOf, problems, ProblemError, type BoundRoute } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { deleteSearch } from './delete-saved-search';
import { renameSearch } from './rename-saved-search';
import { saveSearch } from './save-search';
import { findSavedSearch, savedSearchesOf } from './saved-search-queries';
import { renameSearchBody, saveSearchBody, savedSearchIdParams } from './saved-search-schemas';
import { savedSearchListView, savedSearchView, toSavedSearchView as view } from './saved-search-view';

const nameTaken = (name: string) =>
  problems.conflict('saved-search-name-taken', 'Saved search name taken', `The tenant has a saved search named "${name}" (names are compared without case).`);
const notOwner = (owner: string) =>
  new ProblemError(403, 'not-saved-search-owner', 'Not the owner', 'Only the user who saved a search may rename or delete it.', { owner });

const edit = 'individuals:edit';
const read = 'accounts:view';
const notTheOwner = 'Missing permission individuals:edit, or not the owner (not-saved-search-owner)';

export const savedSearchApi = defineRoutes({
  save: {
    method: 'post',
    path: '/saved-searches',
    summary: 'SR-1 save a search: a name unique in the tenant (without case) and its criteria, owned by the caller',
    permission: edit,
    body: saveSearchBody,
    idempotent: true,
    responses: { 201: ['Saved', savedSearchView] },
    problems: { 409: 'The tenant has a saved search of that name (saved-search-name-taken)' },
  },
  list: {
    method: 'get',
    path: '/saved-searches',
    summary: 'List the tenant’s saved searches, by name',
    permission: read,
    responses: { 200: ['Saved searches', savedSearchListView] },
  },
  read: {
    method: 'get',
    path: '/saved-searches/:savedSearchId',
    summary: 'Read a saved search',
    permission: read,
    params: savedSearchIdParams,
    responses: { 200: ['The saved search', savedSearchView] },
    problems: { 404: 'No such saved search in your tenant' },
  },
  rename: {
    method: 'patch',
    path: '/saved-searches/:savedSearchId',
    summary: 'Rename a saved search (its owner only)',
    permission: edit,
    params: savedSearchIdParams,
    body: renameSearchBody,
    responses: { 200: ['Renamed', savedSearchView] },
    problems: { 403: notTheOwner, 404: 'No such saved search', 409: 'Name taken (saved-search-name-taken)' },
  },
  delete: {
    method: 'delete',
    path: '/saved-searches/:savedSearchId',
    summary: 'Delete a saved search (its owner only)',
    permission: edit,
    params: savedSearchIdParams,
    responses: { 204: 'Deleted' },
    problems: { 403: notTheOwner, 404: 'No such saved search' },
  },
});

/**
 * SR-1 saved searches of the tenant: name, criteria, owner, created and updated times. Anyone of
 * the tenant with accounts:view reads them; saving, renaming and deleting need individuals:edit,
 * and only the owner renames or deletes one.
 */
export function savedSearchRoutes({ database }: ServiceDeps): BoundRoute[] {
  return implementRoutes(savedSearchApi, {
    save: async ({ body: { name, criteria } }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await saveSearch(forTenants(database, tenantId), { tenantId, owner: subject, name, criteria });
      if (result.outcome === 'invalid') throw problems.validation(result.errors);
      if (result.outcome === 'conflict') throw nameTaken(name);
      res.status(201).location(`/saved-searches/${result.search.id}`).json(view(result.search));
    },

    list: async (_input, req, res) => {
      const { tenantId } = principalOf(req);
      res.json({ items: (await inTenant(database, tenantId, (tx) => savedSearchesOf(tx, tenantId))).map(view) });
    },

    read: async ({ params: { savedSearchId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const search = await inTenant(database, tenantId, (tx) => findSavedSearch(tx, tenantId, savedSearchId));
      if (!search) throw problems.notFound('saved search');
      res.json(view(search));
    },

    rename: async ({ params: { savedSearchId }, body: { name } }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await renameSearch(forTenants(database, tenantId), { tenantId, savedSearchId, actor: subject, name });
      if (result.outcome === 'not-found') throw problems.notFound('saved search');
      if (result.outcome === 'not-owner') throw notOwner(result.owner);
      if (result.outcome === 'conflict') throw nameTaken(name);
      res.json(view(result.search));
    },

    delete: async ({ params: { savedSearchId } }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await deleteSearch(forTenants(database, tenantId), { tenantId, savedSearchId, actor: subject });
      if (result.outcome === 'not-found') throw problems.notFound('saved search');
      if (result.outcome === 'not-owner') throw notOwner(result.owner);
      res.status(204).end();
    },
  });
}
