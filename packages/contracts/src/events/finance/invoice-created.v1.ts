import { z } from 'zod';
import { defineEvent } from '../define-event';

/** FIN-1 an invoice of a program (keyed by the program, so a program's events keep their order). */
export const financeInvoiceCreatedV1 = defineEvent({
  type: 'finance.invoice-created',
  version: 1,
  aggregateType: 'finance-program',
  topic: 'finance.events',
  schema: z.object({
    invoiceId: z.uuid(),
    programId: z.uuid(),
    customerId: z.uuid(),
    number: z.string(),
    amountDue: z.string(),
    dueDate: z.string(),
    billingContactId: z.uuid(),
    createdBy: z.string().min(1),
  }),
});
