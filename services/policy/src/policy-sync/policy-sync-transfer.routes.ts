import { z } from 'zod';
import { syncedPagePath } from '@agencyflow/contracts';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { isBusinessTenant } from '../domain/policy-sync';
import { readSyncedPage } from './synced-page-transfer';

const pageQuery = z.strictObject({
  after: z.uuid().optional(),
  through: z.uuid(),
});

export const policySyncTransferApi = defineRoutes({
  syncedPage: {
    method: 'get',
    path: syncedPagePath,
    summary: 'Internal: one page of a business’s synced copies, for the account side of a policy sync (PS-5)',
    description:
      'Service to service, inside the account service’s activity: the copies of the business (the token’s tenant) whose source ' +
      'policy id is in (after, through], as PostgreSQL COPY text in the column order of `syncedPageColumns` (contracts). ' +
      'Protected fields are ciphertext. `policy-sync:transfer` is granted by no security group: only a service holding ' +
      'the signing secret mints such a token.',
    permission: 'policy-sync:transfer',
    query: pageQuery,
    responses: { 200: ['The page', 'text/tab-separated-values'] },
    problems: { 400: 'after or through is not a uuid, or the token’s tenant is not a business' },
  },
});

/**
 * Internal, service to service: the account side of a policy sync pulls one page of the
 * business's copies (PS-5) here, inside its activity, instead of receiving the rows through
 * Temporal. The caller's token is for the business's tenant and carries `policy-sync:transfer`,
 * which no security group grants: only a service that holds the signing secret can mint it.
 */
export function policySyncTransferRoutes({ database }: ServiceDeps): BoundRoute[] {
  return implementRoutes(policySyncTransferApi, {
    syncedPage: async ({ query: { after, through } }, req, res) => {
      const { tenantId } = principalOf(req);
      // Only a business has copies: a token for any other tenant is refused here, not by the read
      // below (whose input error would be a 500).
      if (!isBusinessTenant(tenantId)) {
        throw problems.validation([{ path: 'token.tenant', message: 'pages are read as their business: the tenant must be a business id' }]);
      }
      const page = await readSyncedPage(forTenants(database, tenantId), { businessId: tenantId, after: after ?? null, through });
      res.status(200).type('text/tab-separated-values; charset=utf-8').send(page);
    },
  });
}
