import { Router } from 'express';
import { parseInput, principalOf, requirePermission } from '@agencyflow/http';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { previewPolicySync } from './preview-policy-sync';
import { policySyncPreviewBody } from '../policies/policy-schemas';

/** Agent CRM provisioning, the policy side: what a policy sync would copy (PS-9). */
export function agentCrmRoutes({ database }: ServiceDeps): Router {
  const router = Router();

  // A POST because the NPN list is a body, but it reads only: nothing is written, nothing is logged.
  router.post('/agent-crm/preview', requirePermission('agent-crm:provision'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { npns } = parseInput(policySyncPreviewBody, req.body);
    res.json(await previewPolicySync(forTenants(database, tenantId), { fmoTenantId: tenantId, npns: [...new Set(npns)] }));
  });

  return router;
}
