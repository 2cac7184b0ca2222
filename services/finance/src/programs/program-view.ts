import type { ContactRow, InvoiceRow, ProgramRow } from '../db/finance-store';
import { toContactView } from '../contacts/contact-view';

export const toProgramView = (row: ProgramRow) => ({
  id: row.id,
  reference: row.reference,
  status: row.status,
  financed: row.financed,
  premium: row.premium,
  amountFinanced: row.amountFinanced,
  customerId: row.customerId,
  insured: { name: row.insuredName, addressLine1: row.addressLine1, addressLine2: row.addressLine2, city: row.city, state: row.state, zip: row.zip },
  revision: row.revision,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const toProgramContactView = (link: { role: string; contact: ContactRow }) => ({ role: link.role, contact: toContactView(link.contact) });

export const toInvoiceView = (row: InvoiceRow) => ({
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
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
