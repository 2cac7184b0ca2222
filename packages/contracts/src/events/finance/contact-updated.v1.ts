import { z } from 'zod';
import { defineEvent } from '../define-event';

/** FIN-4 a contact's details changed, for every program connected to it (and its invoices' contact snapshot). */
export const financeContactUpdatedV1 = defineEvent({
  type: 'finance.contact-updated',
  version: 1,
  aggregateType: 'finance-contact',
  topic: 'finance.events',
  schema: z.object({
    contactId: z.uuid(),
    changedFields: z.array(z.string()),
    programCount: z.number().int().nonnegative(),
    invoiceCount: z.number().int().nonnegative(),
    updatedBy: z.string().min(1),
  }),
});
