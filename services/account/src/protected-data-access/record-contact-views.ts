import type { Request } from 'express';
import { accessesOf, principalOf } from '@agencyflow/http';
import { inTenant, type Database } from '@agencyflow/db';
import { recordAccess } from '../db/access-log-store';
import type { ContactRow } from '../db/account-store';
import { protectedFields } from '../contacts/contact-fields';

/**
 * Records, before the answer goes out, which contacts' protected fields it shows unmasked (X-4,
 * decision 0026). If the record cannot be written the request fails: no unrecorded disclosure.
 */
/** The protected fields an unmasked answer shows of a contact: those it holds. */
const fieldsShown = (row: ContactRow): string[] => protectedFields.filter((field) => row[field] !== null);

export async function recordContactViews(database: Database, req: Request, rows: readonly ContactRow[], mayViewProtected: boolean): Promise<void> {
  if (!mayViewProtected) return;
  const entries = rows.map((row) => ({ recordType: 'contact' as const, recordId: row.id, fields: fieldsShown(row), recordCount: 1 }));
  const accesses = accessesOf(req, 'account', 'view', entries);
  if (accesses.length === 0) return;
  const { tenantId } = principalOf(req);
  await inTenant(database, tenantId, async (tx) => {
    for (const access of accesses) await recordAccess(tx, tenantId, access);
  });
}
