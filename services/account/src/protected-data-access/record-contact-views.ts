import type { Request } from 'express';
import type { ProtectedDataAccessKind } from '@agencyflow/contracts';
import { accessesOf, principalOf } from '@agencyflow/http';
import { inTenant, type Database } from '@agencyflow/db';
import { recordAccess } from '../db/access-log-store';
import type { ContactRow } from '../db/account-store';
import { protectedFields } from '../contacts/contact-fields';

/** The protected fields an unmasked answer shows of a contact: those it holds. */
const fieldsShown = (row: ContactRow): string[] => protectedFields.filter((field) => row[field] !== null);

/**
 * Records, before the answer (or a page of a CSV export) goes out, which contacts' protected
 * fields it shows unmasked (X-4, decision 0026). If the record cannot be written the request
 * fails: no unrecorded disclosure.
 */
export async function recordContactViews(
  database: Database,
  req: Request,
  rows: readonly ContactRow[],
  mayViewProtected: boolean,
  access: ProtectedDataAccessKind = 'view',
): Promise<void> {
  if (!mayViewProtected) return;
  const entries = rows.map((row) => ({ recordType: 'contact' as const, recordId: row.id, fields: fieldsShown(row), recordCount: 1 }));
  const accesses = accessesOf(req, 'account', access, entries);
  if (accesses.length === 0) return;
  const { tenantId } = principalOf(req);
  await inTenant(database, tenantId, async (tx) => {
    for (const access of accesses) await recordAccess(tx, tenantId, access);
  });
}
