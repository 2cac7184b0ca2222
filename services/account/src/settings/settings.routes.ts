import { Router } from 'express';
import { parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { addServicingAgent } from './add-servicing-agent';
import { defineCustomField } from './define-custom-field';
import { customFieldsOf, servicingAgentsOf } from './settings-queries';
import { customFieldBody, servicingAgentBody } from './settings-schemas';

/** Tenant settings the contact fields rest on: typed custom fields and servicing agents. */
export function settingsRoutes({ database }: ServiceDeps): Router {
  const router = Router();

  router.post('/custom-fields', requirePermission('accounts:edit'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const field = parseInput(customFieldBody, req.body);
    const result = await defineCustomField(forTenants(database, tenantId), { tenantId, field });
    if (result.outcome === 'conflict') throw problems.conflict('custom-field-exists', 'Custom field exists', `A custom field with key "${field.key}" exists.`);
    res.status(201).json(result.field);
  });

  router.get('/custom-fields', requirePermission('accounts:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    res.json({ items: await inTenant(database, tenantId, (tx) => customFieldsOf(tx, tenantId)) });
  });

  router.post('/servicing-agents', requirePermission('accounts:edit'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { agent } = await addServicingAgent(forTenants(database, tenantId), { tenantId, agent: parseInput(servicingAgentBody, req.body) });
    res.status(201).json(agent);
  });

  router.get('/servicing-agents', requirePermission('accounts:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    res.json({ items: await inTenant(database, tenantId, (tx) => servicingAgentsOf(tx, tenantId)) });
  });

  return router;
}
