import { inTenant } from '@agencyflow/db';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { deleteSalesWorkflow, insertSalesWorkflow, updateSalesWorkflow, type SalesWorkflowRow } from '../db/sales-workflow-store';
import { findWorkflow, workflowInUse, workflowNameInUse, workflowsOf } from './sales-workflow-queries';
import {
  createSalesWorkflowBody,
  salesWorkflowIdParams,
  salesWorkflowListView,
  salesWorkflowView,
  updateSalesWorkflowBody,
  type SalesWorkflowView,
} from './sales-workflow-schemas';

const view = (workflow: SalesWorkflowRow): SalesWorkflowView => ({
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

const read = 'sales-enablement:view';
const change = ['individuals:edit', 'sales-enablement:view'] as const;

export const salesWorkflowApi = defineRoutes({
  list: { method: 'get', path: '/sales-workflows', summary: 'SR-5 the tenant’s sales workflows, by name', permission: read, responses: { 200: ['Workflows', salesWorkflowListView] } },
  create: {
    method: 'post',
    path: '/sales-workflows',
    summary: 'SR-5 create a sales workflow: ordered steps run by every sales record of a type that names it',
    description:
      'Steps: assign (userId), assign-round-robin (securityGroupId: its members in turn), task (title, dueInDays), ' +
      'wait (days, fractional allowed, at least a second), email (subject and body templates with {{field}} placeholders of non-protected record fields; ' +
      'sent over SMTP to the record’s secondaryEmail at most once), stage (stage). Records run them in cohorts (one a run page).',
    permission: change,
    body: createSalesWorkflowBody,
    idempotent: true,
    responses: { 201: ['Created', salesWorkflowView] },
    problems: { 409: 'The tenant has a workflow of that name (sales-workflow-name-taken)' },
  },
  read: {
    method: 'get',
    path: '/sales-workflows/:salesWorkflowId',
    summary: 'SR-5 read a sales workflow',
    permission: read,
    params: salesWorkflowIdParams,
    responses: { 200: ['The workflow', salesWorkflowView] },
    problems: { 404: 'No such workflow in your tenant' },
  },
  update: {
    method: 'patch',
    path: '/sales-workflows/:salesWorkflowId',
    summary: 'SR-5 rename a sales workflow or replace its steps (cohorts under way keep the steps they began with)',
    permission: change,
    params: salesWorkflowIdParams,
    body: updateSalesWorkflowBody,
    responses: { 200: ['The workflow', salesWorkflowView] },
    problems: { 404: 'No such workflow', 409: 'Name taken (sales-workflow-name-taken)' },
  },
  remove: {
    method: 'delete',
    path: '/sales-workflows/:salesWorkflowId',
    summary: 'SR-5 delete a sales workflow no type names',
    permission: change,
    params: salesWorkflowIdParams,
    responses: { 204: 'Deleted' },
    problems: { 404: 'No such workflow', 409: 'A type names it (sales-workflow-in-use)' },
  },
});

/**
 * SR-5: the tenant's sales workflows (name unique without case, ordered steps). Reading needs
 * sales-enablement:view; changing needs individuals:edit too, as for sales record types. A
 * workflow a type names cannot be deleted; a change reaches cohorts that begin after it.
 */
export function salesWorkflowRoutes({ database }: ServiceDeps): BoundRoute[] {
  return implementRoutes(salesWorkflowApi, {
    list: async (_input, req, res) => {
      const { tenantId } = principalOf(req);
      const workflows = await inTenant(database, tenantId, (tx) => workflowsOf(tx, tenantId));
      res.json({ items: workflows.map(view) });
    },

    create: async ({ body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const created = await inTenant(database, tenantId, (tx) => insertSalesWorkflow(tx, { tenantId, createdBy: subject, ...body }));
      if (!created) throw nameTaken(body.name);
      res.status(201).location(`/sales-workflows/${created.id}`).json(view(created));
    },

    read: async ({ params: { salesWorkflowId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const workflow = await inTenant(database, tenantId, (tx) => findWorkflow(tx, tenantId, salesWorkflowId));
      if (!workflow) throw problems.notFound('sales workflow');
      res.json(view(workflow));
    },

    update: async ({ params: { salesWorkflowId }, body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
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
    },

    remove: async ({ params: { salesWorkflowId } }, req, res) => {
      const { tenantId, subject } = principalOf(req);
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
    },
  });
}
