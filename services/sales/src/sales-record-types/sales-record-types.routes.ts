import { inTenant } from '@agencyflow/db';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import {
  deleteSalesRecordType,
  insertSalesRecordType,
  updateSalesRecordType,
  type SalesRecordTypeRow,
} from '../db/sales-record-type-store';
import { findWorkflow } from '../sales-workflows/sales-workflow-queries';
import { findType, nameInUse, typeInUse, typesOf } from './sales-record-type-queries';
import { createTypeBody, typeIdParams, typeListView, typeView, updateTypeBody, type TypeView } from './sales-record-type-schemas';

const view = (type: SalesRecordTypeRow): TypeView => ({
  id: type.id,
  name: type.name,
  active: type.active,
  salesWorkflowId: type.salesWorkflowId,
  revision: type.revision,
  createdBy: type.createdBy,
  createdAt: type.createdAt.toISOString(),
  updatedAt: type.updatedAt.toISOString(),
});

const noSuchWorkflow = () => problems.notFound('sales workflow');

const nameTaken = (name: string) =>
  problems.conflict('sales-record-type-name-taken', 'Sales record type name taken', `The tenant has a sales record type named "${name}" (names are compared without case).`);

const read = 'sales-enablement:view';
const change = ['individuals:edit', 'sales-enablement:view'] as const;

export const salesRecordTypeApi = defineRoutes({
  list: { method: 'get', path: '/sales-record-types', summary: 'List the tenant’s sales record types, by name', permission: read, responses: { 200: ['Types', typeListView] } },
  create: {
    method: 'post',
    path: '/sales-record-types',
    summary: 'Create a sales record type (name unique in the tenant without case)',
    description: 'salesWorkflowId names the sales workflow (SR-5) the records of the type run, one of the tenant’s (404 otherwise).',
    permission: change,
    body: createTypeBody,
    idempotent: true,
    responses: { 201: ['Created', typeView] },
    problems: { 404: 'No such sales workflow', 409: 'The tenant has a type of that name (sales-record-type-name-taken)' },
  },
  read: {
    method: 'get',
    path: '/sales-record-types/:salesRecordTypeId',
    summary: 'Read a sales record type',
    permission: read,
    params: typeIdParams,
    responses: { 200: ['The type', typeView] },
    problems: { 404: 'No such type in your tenant' },
  },
  update: {
    method: 'patch',
    path: '/sales-record-types/:salesRecordTypeId',
    summary: 'Rename, activate or deactivate a sales record type, or set its sales workflow',
    description: 'An inactive type gets no new records: a run of it is refused.',
    permission: change,
    params: typeIdParams,
    body: updateTypeBody,
    responses: { 200: ['The type', typeView] },
    problems: { 404: 'No such type or sales workflow', 409: 'Name taken (sales-record-type-name-taken)' },
  },
  remove: {
    method: 'delete',
    path: '/sales-record-types/:salesRecordTypeId',
    summary: 'Delete a sales record type no record or run uses',
    permission: change,
    params: typeIdParams,
    responses: { 204: 'Deleted' },
    problems: { 404: 'No such type', 409: 'Records or runs use it (sales-record-type-in-use): make it inactive instead' },
  },
});

/**
 * The tenant's sales record types (name unique without case, active flag, the sales workflow its
 * records run: SR-5, one of the tenant's, 404 otherwise). Reading needs sales-enablement:view; changing
 * needs individuals:edit too. A type with records or runs cannot be deleted (make it inactive).
 */
export function salesRecordTypeRoutes({ database }: ServiceDeps): BoundRoute[] {
  return implementRoutes(salesRecordTypeApi, {
    list: async (_input, req, res) => {
      const { tenantId } = principalOf(req);
      const types = await inTenant(database, tenantId, (tx) => typesOf(tx, tenantId));
      res.json({ items: types.map(view) });
    },

    create: async ({ body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const created = await inTenant(database, tenantId, async (tx) => {
        if (body.salesWorkflowId && !(await findWorkflow(tx, tenantId, body.salesWorkflowId))) throw noSuchWorkflow();
        return insertSalesRecordType(tx, { tenantId, createdBy: subject, ...body });
      });
      if (!created) throw nameTaken(body.name);
      res.status(201).location(`/sales-record-types/${created.id}`).json(view(created));
    },

    read: async ({ params: { salesRecordTypeId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const type = await inTenant(database, tenantId, (tx) => findType(tx, tenantId, salesRecordTypeId));
      if (!type) throw problems.notFound('sales record type');
      res.json(view(type));
    },

    update: async ({ params: { salesRecordTypeId }, body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await inTenant(database, tenantId, async (tx) => {
        const type = await findType(tx, tenantId, salesRecordTypeId);
        if (!type) return { outcome: 'not-found' as const };
        if (body.name !== undefined && (await nameInUse(tx, tenantId, body.name, type.id))) return { outcome: 'conflict' as const };
        if (body.salesWorkflowId && !(await findWorkflow(tx, tenantId, body.salesWorkflowId))) throw noSuchWorkflow();
        const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
        return { outcome: 'updated' as const, type: await updateSalesRecordType(tx, type.id, changes, subject) };
      });
      if (result.outcome === 'not-found') throw problems.notFound('sales record type');
      if (result.outcome === 'conflict') throw nameTaken(body.name!);
      res.json(view(result.type));
    },

    remove: async ({ params: { salesRecordTypeId } }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await inTenant(database, tenantId, async (tx) => {
        const type = await findType(tx, tenantId, salesRecordTypeId);
        if (!type) return 'not-found' as const;
        if (await typeInUse(tx, tenantId, type.id)) return 'in-use' as const;
        await deleteSalesRecordType(tx, type, subject);
        return 'deleted' as const;
      });
      if (result === 'not-found') throw problems.notFound('sales record type');
      if (result === 'in-use') throw problems.conflict('sales-record-type-in-use', 'Sales record type in use', 'Records or runs use this type: make it inactive instead.');
      res.status(204).end();
    },
  });
}
