import { z } from 'zod';
import { defineEvent } from '../define-event';

/** An account was opened in the CRM (ACC-6: every account starts as a prospect). */
export const accountCreatedV1 = defineEvent({
  type: 'account.account-created',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    accountId: z.uuid(),
    name: z.string().min(1),
    status: z.enum(['prospect', 'active', 'inactive']),
    createdBy: z.string().min(1),
  }),
});
