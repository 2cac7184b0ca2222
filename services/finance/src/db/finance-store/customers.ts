import { and, eq, sql } from 'drizzle-orm';
import { buildEvent, financeCustomerCreatedV1, financeCustomerReplacedV1, financeCustomerUpdatedV1 } from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type Executor } from '@agencyflow/db';
import { financeCustomers } from '../schema';
import { recordHistory, recordHistoryOfPrograms } from '../history-store';
import { addressFields } from '../../domain/party-rules';

export type CustomerRow = typeof financeCustomers.$inferSelect;
/** A customer's writable columns; `taxId` is ciphertext. */
export type CustomerColumns = Pick<CustomerRow, 'name' | 'email' | 'phone' | 'addressLine1' | 'addressLine2' | 'city' | 'state' | 'zip' | 'taxId'>;

/** What history keeps of a customer: everything but the tax id's value (X-4: "set" or null). */
export function customerSnapshot(row: Partial<CustomerColumns>): Record<string, unknown> {
  const { taxId, ...rest } = row;
  return { ...rest, ...(taxId !== undefined ? { taxId: taxId ? '***' : null } : {}) };
}

const pick = (row: Partial<CustomerColumns>, fields: readonly string[]) =>
  customerSnapshot(Object.fromEntries(fields.map((f) => [f, (row as Record<string, unknown>)[f]])) as Partial<CustomerColumns>);

/** A customer and customer-created, with its first history entry. */
export async function insertCustomer(tx: Executor, tenantId: string, columns: CustomerColumns, actor: string): Promise<CustomerRow> {
  const [row] = await tx.insert(financeCustomers).values({ ...columns, tenantId, createdBy: actor }).returning();
  const customer = row!;
  const event = buildEvent(financeCustomerCreatedV1, { tenantId, aggregateId: customer.id, data: { customerId: customer.id, name: customer.name, email: customer.email, createdBy: actor } });
  await recordHistory(tx, { tenantId, eventId: event.envelope.id, actor }, [
    { subjectType: 'customer', subjectId: customer.id, change: 'created', summary: `Customer ${customer.name} created`, after: customerSnapshot(customer) },
  ]);
  await writeOutbox(tx, [event]);
  return customer;
}

/** The customer, locked for the rest of the transaction (FIN-2, FIN-3 serialise on it). */
export async function lockCustomer(tx: Executor, tenantId: string, customerId: string, mode: 'update' | 'share' = 'update'): Promise<CustomerRow | undefined> {
  const [row] = await tx.select().from(financeCustomers).where(and(eq(financeCustomers.tenantId, tenantId), eq(financeCustomers.id, customerId))).for(mode);
  return row;
}

/** The insured as programs copy it, and the billing party as invoices copy it. */
const copiesName = (fields: readonly string[]) => fields.includes('name') || fields.some((f) => (addressFields as readonly string[]).includes(f));

/** Rewrites the insured's copy on every program of a customer and the billing copy on its invoices, from the customer row. */
async function refreshCopies(tx: Executor, tenantId: string, customerId: string, fromCustomerId = customerId): Promise<{ programs: number; invoices: number }> {
  const sql = sqlOf(tx);
  // Programs copy the insured as insured_*, invoices the billing party as billing_*: the same columns otherwise.
  const copy = async (table: 'finance_programs' | 'finance_invoices', prefix: 'insured_' | 'billing_') => {
    const column = (name: string) => sql(`${prefix}${name}`);
    const [row] = await sql<{ n: number }[]>`
      with changed as (
        update ${sql(table)} t set customer_id = c.id, ${column('name')} = c.name, ${column('address_line1')} = c.address_line1,
          ${column('address_line2')} = c.address_line2, ${column('city')} = c.city, ${column('state')} = c.state, ${column('zip')} = c.zip,
          revision = t.revision + 1, updated_at = now()
        from finance_customers c
        where c.tenant_id = ${tenantId} and c.id = ${customerId} and t.tenant_id = ${tenantId} and t.customer_id = ${fromCustomerId}
        returning 1
      ) select count(*)::int as n from changed`;
    return row?.n ?? 0;
  };
  return { programs: await copy('finance_programs', 'insured_'), invoices: await copy('finance_invoices', 'billing_') };
}

async function countConnected(tx: Executor, tenantId: string, customerId: string): Promise<{ programs: number; invoices: number }> {
  const [row] = await sqlOf(tx)<{ programs: number; invoices: number }[]>`
    select (select count(*)::int from finance_programs where tenant_id = ${tenantId} and customer_id = ${customerId}) as programs,
      (select count(*)::int from finance_invoices where tenant_id = ${tenantId} and customer_id = ${customerId}) as invoices`;
  return row ?? { programs: 0, invoices: 0 };
}

export interface CustomerChange {
  columns: Partial<CustomerColumns>;
  /** The fields whose value changes (FIN-2 applies and records only those). */
  changedFields: string[];
  financedProgramCount: number;
  verificationDocumentId: string | null;
  actor: string;
}

/**
 * FIN-2 a customer's new details, applied in the caller's transaction to the customer, every
 * program (the insured's copy) and every invoice (the billing copy) connected to it, set-based;
 * one history entry for the customer and one per program; customer-updated.
 */
export async function applyCustomerChange(tx: Executor, current: CustomerRow, change: CustomerChange): Promise<{ customer: CustomerRow; programCount: number; invoiceCount: number }> {
  const { tenantId } = current;
  const [row] = await tx
    .update(financeCustomers)
    .set({ ...change.columns, revision: sql`${financeCustomers.revision} + 1`, updatedAt: sql`now()` })
    .where(and(eq(financeCustomers.tenantId, tenantId), eq(financeCustomers.id, current.id)))
    .returning();
  const customer = row!;
  const counts = copiesName(change.changedFields) ? await refreshCopies(tx, tenantId, customer.id) : await countConnected(tx, tenantId, customer.id);
  const event = buildEvent(financeCustomerUpdatedV1, {
    tenantId,
    aggregateId: customer.id,
    data: {
      customerId: customer.id,
      changedFields: change.changedFields,
      programCount: counts.programs,
      invoiceCount: counts.invoices,
      financedProgramCount: change.financedProgramCount,
      verificationDocumentId: change.verificationDocumentId,
      updatedBy: change.actor,
    },
  });
  const context = { tenantId, eventId: event.envelope.id, actor: change.actor };
  const before = pick(current, change.changedFields);
  const after = { ...pick(customer, change.changedFields), ...(change.verificationDocumentId ? { verificationDocumentId: change.verificationDocumentId } : {}) };
  const fields = change.changedFields.join(', ');
  await recordHistory(tx, context, [
    { subjectType: 'customer', subjectId: customer.id, change: 'updated', summary: `Customer ${customer.name} updated (${fields}); ${counts.programs} program(s), ${counts.invoices} invoice(s)`, before, after },
  ]);
  await recordHistoryOfPrograms(tx, context, { customerId: customer.id }, { change: 'customer-updated', summary: `Customer ${customer.name} updated (${fields})`, before, after });
  await writeOutbox(tx, [event]);
  return { customer, programCount: counts.programs, invoiceCount: counts.invoices };
}

/**
 * FIN-3 every program and invoice of `replaced` now belongs to `by` (and carries its name and
 * address), set-based, in the caller's transaction; history entries for both customers and each
 * program moved; customer-replaced, keyed by the replaced customer.
 */
export async function applyCustomerReplacement(
  tx: Executor,
  command: { replaced: CustomerRow; by: CustomerRow; created: boolean; programId: string; actor: string },
): Promise<{ programCount: number; invoiceCount: number }> {
  const { replaced, by, actor } = command;
  const { tenantId } = replaced;
  // The caller holds the replaced customer's lock and its programs' locks: the counts stand.
  const connected = await countConnected(tx, tenantId, replaced.id);
  const event = buildEvent(financeCustomerReplacedV1, {
    tenantId,
    aggregateId: replaced.id,
    data: {
      replacedCustomerId: replaced.id,
      customerId: by.id,
      customerCreated: command.created,
      requestedOnProgramId: command.programId,
      programCount: connected.programs,
      invoiceCount: connected.invoices,
      replacedBy: actor,
    },
  });
  const context = { tenantId, eventId: event.envelope.id, actor };
  const party = (c: CustomerRow) => ({ customerId: c.id, ...pick(c, ['name', ...addressFields]) });
  const before = party(replaced);
  const after = party(by);
  // Before the move: afterwards the replaced customer's programs are the replacing one's.
  await recordHistoryOfPrograms(tx, context, { customerId: replaced.id }, { change: 'customer-replaced', summary: `Customer ${replaced.name} replaced by ${by.name}`, before, after });
  const counts = await refreshCopies(tx, tenantId, by.id, replaced.id);
  await recordHistory(tx, context, [
    { subjectType: 'customer', subjectId: replaced.id, change: 'replaced', summary: `Replaced by ${by.name} on ${counts.programs} program(s) and ${counts.invoices} invoice(s)`, before, after },
    { subjectType: 'customer', subjectId: by.id, change: 'replacing', summary: `Replaces ${replaced.name} on ${counts.programs} program(s) and ${counts.invoices} invoice(s)`, before, after },
  ]);
  await writeOutbox(tx, [event]);
  return { programCount: counts.programs, invoiceCount: counts.invoices };
}
