import { randomBytes } from 'node:crypto';
import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { insertInvoice, lockContact, lockCustomer, type InvoiceRow } from '../db/finance-store';
import { contactsOfProgram, findProgram } from './program-queries';

type ProgramContact = Awaited<ReturnType<typeof contactsOfProgram>>[number];

/** The contact given (if it is on the program), else the program's billing contact, else its signer. */
const billingContactOf = (contacts: ProgramContact[], contactId: string | undefined) =>
  contactId ? contacts.find((c) => c.contact.id === contactId) : (contacts.find((c) => c.role === 'billing') ?? contacts.find((c) => c.role === 'signer'));

export type CreateInvoiceResult =
  | Outcome<'created', { invoice: InvoiceRow }>
  | Outcome<'not-found'>
  | Outcome<'invalid', { errors: Array<{ path: string; message: string }> }>
  | Outcome<'number-taken', { number: string }>
  | Outcome<'concurrent-change'>;

/**
 * FIN-1 an invoice of a program and its customer: the billing address is the customer's and the
 * billing contact the one given (a contact of the program), else the program's billing contact,
 * else its signer, as they are now.
 */
export async function createInvoice(
  database: Database,
  command: { tenantId: string; programId: string; actor: string; input: { number?: string | undefined; amountDue: string; dueDate: string; billingContactId?: string | undefined } },
): Promise<CreateInvoiceResult> {
  const { tenantId, input } = command;
  return database.db.transaction(async (tx): Promise<CreateInvoiceResult> => {
    // Shared locks on the customer and the billing contact: neither is replaced (FIN-3, FIN-5) or
    // changed (FIN-2, FIN-4) until the invoice has its copy of them; lock order customers, contacts.
    const program = await findProgram(tx, tenantId, command.programId);
    if (!program) return { outcome: 'not-found' };
    const customer = (await lockCustomer(tx, tenantId, program.customerId, 'share'))!;
    const chosen = billingContactOf(await contactsOfProgram(tx, tenantId, program.id), input.billingContactId);
    if (!chosen) return { outcome: 'invalid', errors: [{ path: 'body.billingContactId', message: 'not a contact of this program' }] };
    const billingContact = (await lockContact(tx, tenantId, chosen.contact.id, 'share'))!;
    // Re-read under the locks: a replacement may have committed between the first read and them.
    const now = (await findProgram(tx, tenantId, program.id))!;
    const still = billingContactOf(await contactsOfProgram(tx, tenantId, program.id), billingContact.id);
    if (now.customerId !== customer.id || !still) return { outcome: 'concurrent-change' };
    const number = input.number ?? `INV-${new Date().getUTCFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`;
    const invoice = await insertInvoice(tx, { program: now, customer, billingContact, number, amountDue: input.amountDue, dueDate: input.dueDate, actor: command.actor });
    return invoice ? { outcome: 'created', invoice } : { outcome: 'number-taken', number };
  });
}
