import { z } from 'zod';
import { accountStatusSchema } from '../../fields/account-fields';
import { defineEvent } from '../define-event';

/**
 * ACC-6/ACC-8: the account's status changed and was cascaded to `contactCount` contacts in the
 * same transaction. `cause` says whether policies, a user or the AMS changed it.
 *
 * v2: v1 listed the contacts' ids, so an account with tens of thousands of contacts made an event
 * larger than Kafka takes, and the relay stopped behind it. No reader used the ids (the cascade is
 * the account service's own); an event's size no longer grows with the aggregate.
 */
export const accountStatusChangedV2 = defineEvent({
  type: 'account.account-status-changed',
  version: 2,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    accountId: z.uuid(),
    status: accountStatusSchema,
    previousStatus: accountStatusSchema,
    cause: z.enum(['policies', 'user', 'ams']),
    contactCount: z.number().int().nonnegative(),
    changedBy: z.string().min(1),
  }),
});
