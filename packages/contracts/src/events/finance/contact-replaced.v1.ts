import { z } from 'zod';
import { defineEvent } from '../define-event';

/** FIN-5 a contact was replaced by another (new or existing) on every program and invoice connected to it. */
export const financeContactReplacedV1 = defineEvent({
  type: 'finance.contact-replaced',
  version: 1,
  aggregateType: 'finance-contact',
  topic: 'finance.events',
  schema: z.object({
    replacedContactId: z.uuid(),
    contactId: z.uuid(),
    contactCreated: z.boolean(),
    programCount: z.number().int().nonnegative(),
    invoiceCount: z.number().int().nonnegative(),
    replacedBy: z.string().min(1),
  }),
});
