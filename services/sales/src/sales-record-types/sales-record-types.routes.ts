import { Router } from 'express';
import { inTenant } from '@agencyflow/db';
import { idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import {
  deleteSalesRecordType,
  insertSalesRecordType,
  updateSalesRecordType,
  type SalesRecordTypeRow,
} from '../db/sales-record-type-store';
import { findWorkflow } from '../sales-workflows/sales-workflow-queries';
import { findType, nameInUse, typeInUse, typesOf } from './sales-record-type-queries';
import { createTypeBody, typeIdParams, updateTypeBody } from './sales-record-type-schemas';

const view = (type: SalesRecordTypeRow) => ({
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

/**
 * The tenant's sales record types (name unique without case, active flag, the sales workflow its
 * records run: SR-5, one of the tenant's, 404 otherwise). Reading needs sales-enablement:view; changing
 * needs individuals:edit too. A type with records or runs cannot be deleted (make it inactive).
 */
export function salesRecordTypeRoutes({ database, idempotencyStore }: ServiceDeps): Router {
  const router = Router();
  const read = requirePermission('sales-enablement:view');
  const change = requirePermission('individuals:edit', 'sales-enablement:view');

  router.get('/sales-record-types', read, async (req, res) => {
    const { tenantId } = principalOf(req);
    const types = await inTenant(database, tenantId, (tx) => typesOf(tx, tenantId));
    res.json({ items: types.map(view) });
  });

  router.post('/sales-record-types', change, idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const body = parseInput(createTypeBody, req.body);
    const created = await inTenant(database, tenantId, async (tx) => {
      if (body.salesWorkflowId && !(await findWorkflow(tx, tenantId, body.salesWorkflowId))) throw noSuchWorkflow();
      return insertSalesRecordType(tx, { tenantId, createdBy: subject, ...body });
    });
    if (!created) throw nameTaken(body.name);
    res.status(201).location(`/sales-record-types/${created.id}`).json(view(created));
  });

  router.get('/sales-record-types/:salesRecordTypeId', read, async (req, res) => {
    const { tenantId } = principalOf(req);
    const { salesRecordTypeId } = parseInput(typeIdParams, req.params, 'path');
    const type = await inTenant(database, tenantId, (tx) => findType(tx, tenantId, salesRecordTypeId));
    if (!type) throw problems.notFound('sales record type');
    res.json(view(type));
  });

  router.patch('/sales-record-types/:salesRecordTypeId', change, async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { salesRecordTypeId } = parseInput(typeIdParams, req.params, 'path');
    const body = parseInput(updateTypeBody, req.body);
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
  });

  router.delete('/sales-record-types/:salesRecordTypeId', change, async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { salesRecordTypeId } = parseInput(typeIdParams, req.params, 'path');
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
  });

  return router;
}
