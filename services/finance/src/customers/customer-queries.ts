import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { containsPattern } from '../domain/search-text';
import { financeCustomers, financeInvoices, financePrograms } from '../db/schema';

export async function findCustomer(db: Executor, tenantId: string, customerId: string) {
  const [row] = await db.select().from(financeCustomers).where(and(eq(financeCustomers.tenantId, tenantId), eq(financeCustomers.id, customerId)));
  return row;
}

/** Customers whose name or email holds the text, without case; names first. */
export function searchCustomers(db: Executor, tenantId: string, q: string, limit: number) {
  const pattern = containsPattern(q);
  return db
    .select()
    .from(financeCustomers)
    .where(and(eq(financeCustomers.tenantId, tenantId), or(sql`lower(${financeCustomers.name}) like ${pattern}`, sql`lower(${financeCustomers.email}) like ${pattern}`)))
    .orderBy(asc(financeCustomers.name), asc(financeCustomers.id))
    .limit(limit);
}

/** A connected list is shown up to this many, newest first, with its total. */
export const CONNECTED_LIMIT = 200;

/** Every program and invoice connected to a customer (up to CONNECTED_LIMIT each, with totals). */
export async function connectedToCustomer(db: Executor, tenantId: string, customerId: string) {
  const programs = await db
    .select()
    .from(financePrograms)
    .where(and(eq(financePrograms.tenantId, tenantId), eq(financePrograms.customerId, customerId)))
    .orderBy(desc(financePrograms.createdAt), desc(financePrograms.id))
    .limit(CONNECTED_LIMIT);
  const invoices = await db
    .select()
    .from(financeInvoices)
    .where(and(eq(financeInvoices.tenantId, tenantId), eq(financeInvoices.customerId, customerId)))
    .orderBy(desc(financeInvoices.createdAt), desc(financeInvoices.id))
    .limit(CONNECTED_LIMIT);
  const [totals] = await db
    .select({
      programs: sql<number>`(select count(*)::int from finance_programs where tenant_id = ${tenantId} and customer_id = ${customerId})`,
      invoices: sql<number>`(select count(*)::int from finance_invoices where tenant_id = ${tenantId} and customer_id = ${customerId})`,
    })
    .from(sql`(select 1) one`);
  return { programs, invoices, totals: totals ?? { programs: 0, invoices: 0 } };
}
