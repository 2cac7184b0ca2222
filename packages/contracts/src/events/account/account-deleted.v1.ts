import { z } from 'zod';
import { defineEvent } from '../define-event';

/** ACC-5: the account is gone (its last contact was deleted); its policies go with it. */
export const accountDeletedV1 = defineEvent({
  type: 'account.account-deleted',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    accountId: z.uuid(),
    reason: z.enum(['last-contact-deleted']),
    deletedBy: z.string().min(1),
  }),
});
