import type { Request } from 'express';
import { buildEvent, salesProtectedDataAccessedV1 } from '@agencyflow/contracts';
import { inTenant, writeOutbox, type Database } from '@agencyflow/db';
import { accessesOf, principalOf } from '@agencyflow/http';
import type { SalesRecordRow } from '../db/sales-record-store';
import { protectedSalesRecordFields, type ProtectedSalesRecordField } from '../domain/sales-record-fields';

/** The protected fields an unmasked answer shows of a record: those it holds. */
const fieldsShown = (row: SalesRecordRow): string[] =>
  (Object.keys(protectedSalesRecordFields) as ProtectedSalesRecordField[]).filter((field) => row[field] !== null);

/**
 * Records, before the answer goes out, which sales records' protected fields it shows unmasked
 * (X-4, decision 0026): a sales.protected-data-accessed event the account service adds to the
 * tenant's access log. Committed before the answer; if it cannot be written the request fails.
 */
export async function recordSalesRecordViews(database: Database, req: Request, rows: readonly SalesRecordRow[], mayViewProtected: boolean): Promise<void> {
  if (!mayViewProtected) return;
  const entries = rows.map((row) => ({ recordType: 'sales-record' as const, recordId: row.id, fields: fieldsShown(row), recordCount: 1 }));
  const accesses = accessesOf(req, 'sales', 'view', entries);
  if (accesses.length === 0) return;
  const { tenantId } = principalOf(req);
  await inTenant(database, tenantId, (tx) =>
    writeOutbox(tx, accesses.map((data) => buildEvent(salesProtectedDataAccessedV1, { tenantId, aggregateId: data.accessId, data }))),
  );
}
