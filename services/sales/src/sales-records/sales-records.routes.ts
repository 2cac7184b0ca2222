import { Router } from 'express';
import { inTenant } from '@agencyflow/db';
import { parseInput, principalOf, problems, requirePermission, type Principal } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { decodeTimeKeyset, encodeTimeKeyset } from '../http/time-keyset';
import { updateSalesRecord, type SalesRecordChange } from '../db/sales-record-store';
import { findRecord, recordsPage } from './sales-record-queries';
import { recordWorkflowOf } from './record-workflow-queries';
import { recordSalesRecordViews } from './record-sales-record-views';
import { listSalesRecordsQuery, salesRecordIdParams, updateSalesRecordBody } from './sales-record-schemas';
import { protectedSalesRecordFields } from '../domain/sales-record-fields';
import { toSalesRecordView } from './sales-record-view';
import { convertToIndividual } from './convert-to-individual';

const mayViewProtected = (principal: Principal) => principal.permissions.has('protected-data:view');


/**
 * Sales records of the tenant: a page (newest first), one, a user's change and SR-7 Convert to Individual. Protected fields
 * are masked without protected-data:view; an answer that shows them is recorded first.
 */
export function salesRecordRoutes({ database, fieldCipher, config }: ServiceDeps): Router {
  const router = Router();
  const read = requirePermission('sales-enablement:view');
  const edit = requirePermission('individuals:edit', 'sales-enablement:view');

  router.get('/sales-records', read, async (req, res) => {
    const principal = principalOf(req);
    const { tenantId } = principal;
    const { limit, before } = parseInput(listSalesRecordsQuery, req.query, 'query');
    const cursor = decodeTimeKeyset(before);
    const { rows, last } = await inTenant(database, tenantId, (tx) => recordsPage(tx, tenantId, { limit, before: cursor }));
    const unmasked = mayViewProtected(principal);
    await recordSalesRecordViews(database, req, rows, unmasked);
    res.json({ items: rows.map((row) => toSalesRecordView(row, fieldCipher, unmasked)), nextBefore: rows.length === limit && last ? encodeTimeKeyset(last) : null });
  });

  router.get('/sales-records/:salesRecordId', read, async (req, res) => {
    const principal = principalOf(req);
    const { salesRecordId } = parseInput(salesRecordIdParams, req.params, 'path');
    const found = await inTenant(database, principal.tenantId, async (tx) => {
      const row = await findRecord(tx, principal.tenantId, salesRecordId);
      return row && { row, salesWorkflow: await recordWorkflowOf(tx, principal.tenantId, row.id) };
    });
    if (!found) throw problems.notFound('sales record');
    const unmasked = mayViewProtected(principal);
    await recordSalesRecordViews(database, req, [found.row], unmasked);
    // SR-5: the record's place in its sales workflow, its step history and tasks (null: it runs none).
    res.json({ ...toSalesRecordView(found.row, fieldCipher, unmasked), salesWorkflow: found.salesWorkflow });
  });

  router.patch('/sales-records/:salesRecordId', edit, async (req, res) => {
    const principal = principalOf(req);
    const { tenantId, subject } = principal;
    const { salesRecordId } = parseInput(salesRecordIdParams, req.params, 'path');
    const body = parseInput(updateSalesRecordBody, req.body);
    const change: SalesRecordChange = {};
    for (const [field, value] of Object.entries(body)) {
      // protected fields are stored as ciphertext only.
      (change as Record<string, unknown>)[field] = field in protectedSalesRecordFields ? fieldCipher.encryptOptional(value as string | null) : value;
    }
    const updated = await inTenant(database, tenantId, async (tx) => {
      const row = await findRecord(tx, tenantId, salesRecordId);
      return row && updateSalesRecord(tx, row, change, subject);
    });
    if (!updated) throw problems.notFound('sales record');
    const unmasked = mayViewProtected(principal);
    await recordSalesRecordViews(database, req, [updated], unmasked);
    res.json(toSalesRecordView(updated, fieldCipher, unmasked));
  });

  // SR-7 Convert to Individual: the record's values merge into its individual (decision 0030), once.
  router.post('/sales-records/:salesRecordId/convert', edit, async (req, res) => {
    const principal = principalOf(req);
    const { salesRecordId } = parseInput(salesRecordIdParams, req.params, 'path');
    const done = await convertToIndividual(database, config, principal.tenantId, salesRecordId, principal.subject);
    if (done.outcome === 'not-found') throw problems.notFound('sales record');
    if (done.outcome === 'not-linked') throw problems.conflict('sales-record-not-linked', 'Sales record not linked', 'The sales record has no individual to convert into.');
    if (done.outcome === 'individual-gone') throw problems.conflict('individual-gone', 'Individual gone', 'The sales record’s individual no longer exists: nothing was merged.');
    if (done.outcome === 'already-converted') {
      throw problems.conflict('sales-record-converted', 'Sales record already converted', `The sales record was converted at ${done.record.convertedAt!.toISOString()}: nothing was merged again.`, {
        convertedAt: done.record.convertedAt!.toISOString(),
        convertedBy: done.record.convertedBy,
      });
    }
    const unmasked = mayViewProtected(principal);
    await recordSalesRecordViews(database, req, [done.record], unmasked);
    res.json({ ...toSalesRecordView(done.record, fieldCipher, unmasked), mergedFields: done.mergedFields });
  });

  return router;
}

