import { z } from 'zod';
import { programContactRoles, programStatuses } from '@agencyflow/contracts';
import type { ContactRow, InvoiceRow, ProgramRow } from '../db/finance-store';
import { contactView, toContactView } from '../contacts/contact-view';

const money = z.string().meta({ description: 'A decimal amount, e.g. "1200.00"' });
const address = { addressLine1: z.string(), addressLine2: z.string().nullable(), city: z.string(), state: z.string(), zip: z.string() };

export const programView = z.strictObject({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(programStatuses),
  financed: z.boolean(),
  premium: money.nullable(),
  amountFinanced: money.nullable(),
  customerId: z.uuid(),
  insured: z.strictObject({ name: z.string(), ...address }),
  revision: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProgramView = z.infer<typeof programView>;

export const programContactView = z.strictObject({ role: z.enum(programContactRoles), contact: contactView });

export const invoiceView = z.strictObject({
  id: z.uuid(),
  number: z.string(),
  programId: z.uuid(),
  customerId: z.uuid(),
  amountDue: money,
  dueDate: z.iso.date(),
  billing: z.strictObject({ name: z.string(), ...address, contact: z.strictObject({ id: z.uuid(), name: z.string(), email: z.string().nullable() }) }),
  revision: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type InvoiceView = z.infer<typeof invoiceView>;

export const toProgramView = (row: ProgramRow): ProgramView => ({
  id: row.id,
  reference: row.reference,
  status: row.status,
  financed: row.financed,
  premium: row.premium,
  amountFinanced: row.amountFinanced,
  customerId: row.customerId,
  insured: { name: row.insuredName, addressLine1: row.addressLine1, addressLine2: row.addressLine2, city: row.city, state: row.state, zip: row.zip },
  revision: row.revision,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const toProgramContactView = (link: { role: string; contact: ContactRow }) => ({ role: link.role, contact: toContactView(link.contact) });

export const toInvoiceView = (row: InvoiceRow): InvoiceView => ({
  id: row.id,
  number: row.number,
  programId: row.programId,
  customerId: row.customerId,
  amountDue: row.amountDue,
  dueDate: row.dueDate,
  billing: {
    name: row.billingName,
    addressLine1: row.addressLine1,
    addressLine2: row.addressLine2,
    city: row.city,
    state: row.state,
    zip: row.zip,
    contact: { id: row.billingContactId, name: row.billingContactName, email: row.billingContactEmail },
  },
  revision: row.revision,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
