import { z } from 'zod';
import { amsSyncActions } from '../../workflows/ams-sync';
import { defineEvent } from '../define-event';

/**
 * AMS-2/AMS-6: a user asked to add or sync a contact, or sync a whole account, to the tenant's AMS.
 * Committed with the request's row and the contacts' "queued" state; the account service's
 * consumer starts (or signals) the account's sync workflow from it (decision 0020). Keyed by the
 * account, so one account's requests reach the workflow in the order they were made.
 */
export const amsSyncRequestedV1 = defineEvent({
  type: 'account.ams-sync-requested',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    requestId: z.uuid(),
    accountId: z.uuid(),
    contactId: z.uuid().nullable(),
    action: z.enum(amsSyncActions),
    requestedBy: z.string().min(1),
  }),
});
