import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * ACC-3/4/5: a contact and everything attached to it were deleted. For a deleted primary,
 * `newPrimaryContactId` is the contact that takes over, and `movedPolicyIds` the policies the
 * account service decided move to it (ACC-4: the active ones, as it knew them); every other
 * policy of the deleted contact goes with it (ACC-3). The policy service applies the decision, it
 * does not make it again. `accountDeleted` is true when it was the account's last contact (ACC-5).
 *
 * v2 (v1 had no `movedPolicyIds`, so the policy service re-decided ACC-4 from its own statuses).
 * No v1 event outlives the release that replaced it: the system had no production data then.
 */
export const contactDeletedV2 = defineEvent({
  type: 'account.contact-deleted',
  version: 2,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    contactId: z.uuid(),
    accountId: z.uuid(),
    role: z.enum(['primary', 'secondary']),
    newPrimaryContactId: z.uuid().nullable(),
    movedPolicyIds: z.array(z.uuid()),
    accountDeleted: z.boolean(),
    deletedDealCards: z.number().int().nonnegative(),
    deletedFiles: z.number().int().nonnegative(),
    deletedBy: z.string().min(1),
  }),
});
