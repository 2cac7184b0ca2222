import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { ProgramStatus } from '@agencyflow/contracts';
import { keysetText, newestFirstFilters, newestFirstPage, type Executor, type NewestFirstWindow } from '@agencyflow/db';
import { financeContacts, financeInvoices, financeProgramContacts, financePrograms } from '../db/schema';

export async function findProgram(db: Executor, tenantId: string, programId: string) {
  const [row] = await db.select().from(financePrograms).where(and(eq(financePrograms.tenantId, tenantId), eq(financePrograms.id, programId)));
  return row;
}

/** A program's contacts with their roles, signer first. */
export function contactsOfProgram(db: Executor, tenantId: string, programId: string) {
  return db
    .select({ role: financeProgramContacts.role, contact: financeContacts })
    .from(financeProgramContacts)
    .innerJoin(financeContacts, eq(financeContacts.id, financeProgramContacts.contactId))
    .where(and(eq(financeProgramContacts.tenantId, tenantId), eq(financeProgramContacts.programId, programId)))
    .orderBy(sql`${financeProgramContacts.role} <> 'signer'`, financeProgramContacts.role, financeContacts.lastName, financeContacts.id);
}

/**
 * FIN-1 a page of programs, newest first, by the unique keyset (created_at, id); `next` is the
 * last row's keyset when there may be more. created_at is read as text to keep its microseconds.
 */
export async function listPrograms(
  db: Executor,
  tenantId: string,
  query: NewestFirstWindow & { status?: ProgramStatus | undefined; customerId?: string | undefined; financed?: boolean | undefined },
) {
  const filters: SQL[] = [eq(financePrograms.tenantId, tenantId), ...newestFirstFilters(financePrograms.createdAt, financePrograms.id, query)];
  if (query.status) filters.push(eq(financePrograms.status, query.status));
  if (query.customerId) filters.push(eq(financePrograms.customerId, query.customerId));
  if (query.financed !== undefined) filters.push(eq(financePrograms.financed, query.financed));
  const rows = await db
    .select({ row: financePrograms, keyset: keysetText(financePrograms.createdAt) })
    .from(financePrograms)
    .where(and(...filters))
    .orderBy(desc(financePrograms.createdAt), desc(financePrograms.id))
    .limit(query.limit + 1);
  return newestFirstPage(rows, query.limit);
}

export async function findInvoice(db: Executor, tenantId: string, invoiceId: string) {
  const [row] = await db.select().from(financeInvoices).where(and(eq(financeInvoices.tenantId, tenantId), eq(financeInvoices.id, invoiceId)));
  return row;
}

export function invoicesOfProgram(db: Executor, tenantId: string, programId: string) {
  return db
    .select()
    .from(financeInvoices)
    .where(and(eq(financeInvoices.tenantId, tenantId), eq(financeInvoices.programId, programId)))
    .orderBy(desc(financeInvoices.createdAt), desc(financeInvoices.id))
    .limit(500);
}
