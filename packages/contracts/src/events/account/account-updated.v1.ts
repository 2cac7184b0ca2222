import { z } from 'zod';
import { defineEvent } from '../define-event';

/** An account's own fields changed (not its status: see account-status-changed). */
export const accountUpdatedV1 = defineEvent({
  type: 'account.account-updated',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({ accountId: z.uuid(), name: z.string().min(1), changedBy: z.string().min(1) }),
});
