import { buildEvent, financeInvoiceCreatedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { financeInvoices } from '../schema';
import { recordHistory } from '../history-store';
import { contactName, type ContactRow } from './contacts';
import type { CustomerRow } from './customers';
import type { ProgramRow } from './programs';

export type InvoiceRow = typeof financeInvoices.$inferSelect;

/**
 * FIN-1 an invoice of a program and its customer, with the billing address (the customer's) and
 * the billing contact as they are now; invoice-created, keyed by the program. Undefined when the
 * tenant has an invoice of that number.
 */
export async function insertInvoice(
  tx: Executor,
  invoice: { program: ProgramRow; customer: CustomerRow; billingContact: ContactRow; number: string; amountDue: string; dueDate: string; actor: string },
): Promise<InvoiceRow | undefined> {
  const { program, customer, billingContact, actor } = invoice;
  const { tenantId } = program;
  const [row] = await tx
    .insert(financeInvoices)
    .values({
      tenantId,
      programId: program.id,
      customerId: customer.id,
      number: invoice.number,
      amountDue: invoice.amountDue,
      dueDate: invoice.dueDate,
      billingName: customer.name,
      addressLine1: customer.addressLine1,
      addressLine2: customer.addressLine2,
      city: customer.city,
      state: customer.state,
      zip: customer.zip,
      billingContactId: billingContact.id,
      billingContactName: contactName(billingContact),
      billingContactEmail: billingContact.email,
      createdBy: actor,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return undefined;
  const event = buildEvent(financeInvoiceCreatedV1, {
    tenantId,
    aggregateId: program.id,
    data: { invoiceId: row.id, programId: program.id, customerId: customer.id, number: row.number, amountDue: row.amountDue, dueDate: row.dueDate, billingContactId: billingContact.id, createdBy: actor },
  });
  await recordHistory(tx, { tenantId, eventId: event.envelope.id, actor }, [
    { subjectType: 'program', subjectId: program.id, change: 'invoice-created', summary: `Invoice ${row.number} of ${row.amountDue} due ${row.dueDate}`, after: { invoiceId: row.id, number: row.number } },
  ]);
  await writeOutbox(tx, [event]);
  return row;
}
