import { inTenant } from '@agencyflow/db';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute, type Principal } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { decodeTimeKeyset, encodeTimeKeyset } from '../http/time-keyset';
import { updateSalesRecord, type SalesRecordChange } from '../db/sales-record-store';
import { findRecord, recordsPage } from './sales-record-queries';
import { recordWorkflowOf } from './record-workflow-queries';
import { recordSalesRecordViews } from './record-sales-record-views';
import { listSalesRecordsQuery, salesRecordIdParams, updateSalesRecordBody } from './sales-record-schemas';
import { protectedSalesRecordFields } from '../domain/sales-record-fields';
import { convertedSalesRecordView, salesRecordPageView, salesRecordView, salesRecordWithWorkflowView, toSalesRecordView } from './sales-record-view';
import { convertToIndividual } from './convert-to-individual';

const mayViewProtected = (principal: Principal) => principal.permissions.has('protected-data:view');

const masking = 'Protected fields (ssn, dateOfBirth, mbi, driversLicenseNumber) are masked without `protected-data:view`; an answer showing them is recorded in the tenant’s access log first.';
const read = 'sales-enablement:view';
const edit = ['individuals:edit', 'sales-enablement:view'] as const;

export const salesRecordApi = defineRoutes({
  list: {
    method: 'get',
    path: '/sales-records',
    summary: 'The tenant’s sales records, newest first (cursor: nextBefore)',
    description: masking,
    permission: read,
    query: listSalesRecordsQuery,
    responses: { 200: ['A page', salesRecordPageView] },
  },
  read: {
    method: 'get',
    path: '/sales-records/:salesRecordId',
    summary: 'Read a sales record, with its place in its sales workflow (SR-5: current step, step history, tasks)',
    description: masking,
    permission: read,
    params: salesRecordIdParams,
    responses: { 200: ['The record', salesRecordWithWorkflowView] },
    problems: { 404: 'No such record in your tenant' },
  },
  update: {
    method: 'patch',
    path: '/sales-records/:salesRecordId',
    summary: 'Change a sales record’s fields (null clears one)',
    description: `${masking} Protected fields are given in clear and stored encrypted.`,
    permission: edit,
    params: salesRecordIdParams,
    body: updateSalesRecordBody,
    responses: { 200: ['The record', salesRecordView] },
    problems: { 404: 'No such record' },
  },
  convert: {
    method: 'post',
    path: '/sales-records/:salesRecordId/convert',
    summary: 'SR-7 Convert to Individual: merge the sales record’s values back into its individual and mark the record converted (once)',
    description:
      'Which values win (decision 0030): fields users changed on the sales record after it was made replace the individual’s; ' +
      'fields nobody changed there leave the individual’s own; a blank never overwrites; custom fields merge key by key. Protected values go as ciphertext, ' +
      'as stored. The individual is never deleted. Answers the converted record with mergedFields; a second convert is a 409 (sales-record-converted) that merges nothing.',
    permission: edit,
    params: salesRecordIdParams,
    responses: { 200: ['The converted record (convertedAt, convertedBy) and mergedFields', convertedSalesRecordView] },
    problems: {
      404: 'No such record',
      409: 'Already converted (sales-record-converted, with convertedAt), not linked to an individual (sales-record-not-linked), or its individual is gone (individual-gone)',
    },
  },
});

/**
 * Sales records of the tenant: a page (newest first), one, a user's change and SR-7 Convert to Individual. Protected fields
 * are masked without protected-data:view; an answer that shows them is recorded first.
 */
export function salesRecordRoutes({ database, fieldCipher, config }: ServiceDeps): BoundRoute[] {
  return implementRoutes(salesRecordApi, {
    list: async ({ query: { limit, before } }, req, res) => {
      const principal = principalOf(req);
      const { tenantId } = principal;
      const cursor = decodeTimeKeyset(before);
      const { rows, last } = await inTenant(database, tenantId, (tx) => recordsPage(tx, tenantId, { limit, before: cursor }));
      const unmasked = mayViewProtected(principal);
      await recordSalesRecordViews(database, req, rows, unmasked);
      res.json({ items: rows.map((row) => toSalesRecordView(row, fieldCipher, unmasked)), nextBefore: rows.length === limit && last ? encodeTimeKeyset(last) : null });
    },

    read: async ({ params: { salesRecordId } }, req, res) => {
      const principal = principalOf(req);
      const found = await inTenant(database, principal.tenantId, async (tx) => {
        const row = await findRecord(tx, principal.tenantId, salesRecordId);
        return row && { row, salesWorkflow: await recordWorkflowOf(tx, principal.tenantId, row.id) };
      });
      if (!found) throw problems.notFound('sales record');
      const unmasked = mayViewProtected(principal);
      await recordSalesRecordViews(database, req, [found.row], unmasked);
      // SR-5: the record's place in its sales workflow, its step history and tasks (null: it runs none).
      res.json({ ...toSalesRecordView(found.row, fieldCipher, unmasked), salesWorkflow: found.salesWorkflow });
    },

    update: async ({ params: { salesRecordId }, body }, req, res) => {
      const principal = principalOf(req);
      const { tenantId, subject } = principal;
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
    },

    // SR-7 Convert to Individual: the record's values merge into its individual (decision 0030), once.
    convert: async ({ params: { salesRecordId } }, req, res) => {
      const principal = principalOf(req);
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
    },
  });
}

