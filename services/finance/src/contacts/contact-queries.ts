import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { containsPattern } from '../domain/search-text';
import { financeContacts, financeInvoices, financeProgramContacts, financePrograms } from '../db/schema';

export async function findContact(db: Executor, tenantId: string, contactId: string) {
  const [row] = await db.select().from(financeContacts).where(and(eq(financeContacts.tenantId, tenantId), eq(financeContacts.id, contactId)));
  return row;
}

/** Contacts whose name or email holds the text, without case. */
export function searchContacts(db: Executor, tenantId: string, q: string, limit: number) {
  const pattern = containsPattern(q);
  return db
    .select()
    .from(financeContacts)
    .where(
      and(
        eq(financeContacts.tenantId, tenantId),
        or(sql`lower(${financeContacts.firstName} || ' ' || ${financeContacts.lastName}) like ${pattern}`, sql`lower(${financeContacts.email}) like ${pattern}`),
      ),
    )
    .orderBy(asc(financeContacts.lastName), asc(financeContacts.firstName), asc(financeContacts.id))
    .limit(limit);
}

const CONNECTED_LIMIT = 200;

/** The programs a contact is on with its roles there, and the invoices it is the billing contact of. */
export async function connectedToContact(db: Executor, tenantId: string, contactId: string) {
  const links = await db
    .select({ program: financePrograms, role: financeProgramContacts.role })
    .from(financeProgramContacts)
    .innerJoin(financePrograms, eq(financePrograms.id, financeProgramContacts.programId))
    .where(and(eq(financeProgramContacts.tenantId, tenantId), eq(financeProgramContacts.contactId, contactId)))
    .orderBy(desc(financePrograms.createdAt), desc(financePrograms.id))
    .limit(CONNECTED_LIMIT);
  const invoices = await db
    .select()
    .from(financeInvoices)
    .where(and(eq(financeInvoices.tenantId, tenantId), eq(financeInvoices.billingContactId, contactId)))
    .orderBy(desc(financeInvoices.createdAt), desc(financeInvoices.id))
    .limit(CONNECTED_LIMIT);
  return { links, invoices };
}

/** The programs where the contact is the signer, locked against a concurrent status change (FIN-4, FIN-5). */
export function programsSignedBy(db: Executor, tenantId: string, contactId: string) {
  return db
    .select({ id: financePrograms.id, reference: financePrograms.reference, status: financePrograms.status, financed: financePrograms.financed })
    .from(financePrograms)
    .innerJoin(financeProgramContacts, and(eq(financeProgramContacts.programId, financePrograms.id), eq(financeProgramContacts.role, 'signer')))
    .where(and(eq(financeProgramContacts.tenantId, tenantId), eq(financeProgramContacts.contactId, contactId)))
    .for('share', { of: financePrograms });
}
