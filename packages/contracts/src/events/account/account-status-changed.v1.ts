import { z } from 'zod';
import { accountStatusSchema } from '../../fields/account-fields';
import { defineEvent } from '../define-event';

/**
 * ACC-6/ACC-8: the account's status changed and was cascaded to `contactIds` in the same
 * transaction. `cause` says whether policies, a user or the AMS changed it.
 */
export const accountStatusChangedV1 = defineEvent({
  type: 'account.account-status-changed',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    accountId: z.uuid(),
    status: accountStatusSchema,
    previousStatus: accountStatusSchema,
    cause: z.enum(['policies', 'user', 'ams']),
    contactIds: z.array(z.uuid()),
    changedBy: z.string().min(1),
  }),
});
