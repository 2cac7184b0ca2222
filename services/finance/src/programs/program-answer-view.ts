import { z } from 'zod';
import { customerView } from '../customers/customer-view';
import { invoiceView, programContactView, programView } from './program-view';

/** The answers of the program routes beyond one program or invoice. */
export const programPageView = z.strictObject({ items: z.array(programView), nextBefore: z.string().nullable() });

export const programDetailView = programView.extend({ customer: customerView, contacts: z.array(programContactView), invoices: z.array(invoiceView) });

export const invoiceListView = z.strictObject({ items: z.array(invoiceView) });
