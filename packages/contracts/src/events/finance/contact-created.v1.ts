import { z } from 'zod';
import { defineEvent } from '../define-event';

/** A finance contact (a person in a role on programs) was created (FIN-6). */
export const financeContactCreatedV1 = defineEvent({
  type: 'finance.contact-created',
  version: 1,
  aggregateType: 'finance-contact',
  topic: 'finance.events',
  schema: z.object({
    contactId: z.uuid(),
    displayName: z.string(),
    email: z.string().nullable(),
    createdBy: z.string().min(1),
  }),
});
