import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * ACC-3/4/5: a contact and everything attached to it were deleted. For a deleted primary,
 * `newPrimaryContactId` is the contact its account's active policies move to (ACC-4);
 * `accountDeleted` is true when it was the account's last contact (ACC-5).
 */
export const contactDeletedV1 = defineEvent({
  type: 'account.contact-deleted',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.strictObject({
    contactId: z.uuid(),
    accountId: z.uuid(),
    role: z.enum(['primary', 'secondary']),
    newPrimaryContactId: z.uuid().nullable(),
    accountDeleted: z.boolean(),
    deletedDealCards: z.number().int().nonnegative(),
    deletedFiles: z.number().int().nonnegative(),
    deletedBy: z.string().min(1),
  }),
});
