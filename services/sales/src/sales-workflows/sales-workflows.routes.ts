import { Router } from 'express';
import { inTenant } from '@agencyflow/db';
import { idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { deleteSalesWorkflow, insertSalesWorkflow, updateSalesWorkflow, type SalesWorkflowRow } from '../db/sales-workflow-store';
import { findWorkflow, workflowInUse, workflowNameInUse, workflowsOf } from './sales-workflow-queries';
import { createSalesWorkflowBody, salesWorkflowIdParams, updateSalesWorkflowBody } from './sales-workflow-schemas';

const view = (workflow: SalesWorkflowRow) => ({
  id: workflow.id,
  name: workflow.name,
  steps: workflow.steps,
  revision: workflow.revision,
  createdBy: workflow.createdBy,
  createdAt: workflow.createdAt.toISOString(),
  updatedAt: workflow.updatedAt.toISOString(),
});

const nameTaken = (name: string) =>
  problems.conflict('sales-workflow-name-taken', 'Sales workflow name taken', `The tenant has a sales workflow named "${name}" (names are compared without case).`);

/**
 * SR-5: the tenant's sales workflows (name unique without case, ordered steps). Reading needs
 * sales-enablement:view; changing needs individuals:edit too, as for sales record types. A
 * workflow a type names cannot be deleted; a change reaches cohorts that begin after it.
 */
export function salesWorkflowRoutes({ database, idempotencyStore }: ServiceDeps): Router {
  const router = Router();
  const read = requirePermission('sales-enablement:view');
  const change = requirePermission('individuals:edit', 'sales-enablement:view');

  router.get('/sales-workflows', read, async (req, res) => {
    const { tenantId } = principalOf(req);
    const workflows = await inTenant(database, tenantId, (tx) => workflowsOf(tx, tenantId));
    res.json({ items: workflows.map(view) });
  });

  router.post('/sales-workflows', change, idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const body = parseInput(createSalesWorkflowBody, req.body);
    const created = await inTenant(database, tenantId, (tx) => insertSalesWorkflow(tx, { tenantId, createdBy: subject, ...body }));
    if (!created) throw nameTaken(body.name);
    res.status(201).location(`/sales-workflows/${created.id}`).json(view(created));
  });

  router.get('/sales-workflows/:salesWorkflowId', read, async (req, res) => {
    const { tenantId } = principalOf(req);
    const { salesWorkflowId } = parseInput(salesWorkflowIdParams, req.params, 'path');
    const workflow = await inTenant(database, tenantId, (tx) => findWorkflow(tx, tenantId, salesWorkflowId));
    if (!workflow) throw problems.notFound('sales workflow');
    res.json(view(workflow));
  });

  router.patch('/sales-workflows/:salesWorkflowId', change, async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { salesWorkflowId } = parseInput(salesWorkflowIdParams, req.params, 'path');
    const body = parseInput(updateSalesWorkflowBody, req.body);
    const result = await inTenant(database, tenantId, async (tx) => {
      const workflow = await findWorkflow(tx, tenantId, salesWorkflowId);
      if (!workflow) return { outcome: 'not-found' as const };
      if (body.name !== undefined && (await workflowNameInUse(tx, tenantId, body.name, workflow.id))) return { outcome: 'conflict' as const };
      const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      return { outcome: 'updated' as const, workflow: await updateSalesWorkflow(tx, workflow.id, changes, subject) };
    });
    if (result.outcome === 'not-found') throw problems.notFound('sales workflow');
    if (result.outcome === 'conflict') throw nameTaken(body.name!);
    res.json(view(result.workflow));
  });

  router.delete('/sales-workflows/:salesWorkflowId', change, async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { salesWorkflowId } = parseInput(salesWorkflowIdParams, req.params, 'path');
    const result = await inTenant(database, tenantId, async (tx) => {
      const workflow = await findWorkflow(tx, tenantId, salesWorkflowId);
      if (!workflow) return 'not-found' as const;
      if (await workflowInUse(tx, tenantId, workflow.id)) return 'in-use' as const;
      await deleteSalesWorkflow(tx, workflow, subject);
      return 'deleted' as const;
    });
    if (result === 'not-found') throw problems.notFound('sales workflow');
    if (result === 'in-use') throw problems.conflict('sales-workflow-in-use', 'Sales workflow in use', 'A sales record type names this workflow: give the type another one first.');
    res.status(204).end();
  });

  return router;
}
