import { z } from 'zod';
import { defineEvent } from '../define-event';

/** ACC-1/ACC-4: the account's primary contact is now another one. */
export const primaryContactChangedV1 = defineEvent({
  type: 'account.primary-contact-changed',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    accountId: z.uuid(),
    previousPrimaryContactId: z.uuid().nullable(),
    newPrimaryContactId: z.uuid(),
    changedBy: z.string().min(1),
  }),
});
