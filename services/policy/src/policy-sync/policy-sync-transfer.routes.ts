import { Router } from 'express';
import { z } from 'zod';
import { syncedPagePath } from '@agencyflow/contracts';
import { parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { isBusinessTenant } from '../domain/policy-sync';
import { readSyncedPage } from './synced-page-transfer';

const pageQuery = z.strictObject({
  after: z.uuid().optional(),
  through: z.uuid(),
});

/**
 * Internal, service to service: the account side of a policy sync pulls one page of the
 * business's copies (PS-5) here, inside its activity, instead of receiving the rows through
 * Temporal. The caller's token is for the business's tenant and carries `policy-sync:transfer`,
 * which no security group grants: only a service that holds the signing secret can mint it.
 */
export function policySyncTransferRoutes({ database }: ServiceDeps): Router {
  const router = Router();
  router.get(syncedPagePath, requirePermission('policy-sync:transfer'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { after, through } = parseInput(pageQuery, req.query);
    // Only a business has copies: a token for any other tenant is refused here, not by the read
    // below (whose input error would be a 500).
    if (!isBusinessTenant(tenantId)) {
      throw problems.validation([{ path: 'token.tenant', message: 'pages are read as their business: the tenant must be a business id' }]);
    }
    const page = await readSyncedPage(forTenants(database, tenantId), { businessId: tenantId, after: after ?? null, through });
    res.status(200).type('text/tab-separated-values; charset=utf-8').send(page);
  });
  return router;
}
