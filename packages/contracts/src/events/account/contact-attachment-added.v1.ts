import { z } from 'zod';
import { defineEvent } from '../define-event';

/** A deal card or a file was attached to a contact (history, ACC-9). */
export const contactAttachmentAddedV1 = defineEvent({
  type: 'account.contact-attachment-added',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    accountId: z.uuid(),
    contactId: z.uuid(),
    kind: z.enum(['deal-card', 'file']),
    attachmentId: z.uuid(),
    title: z.string(),
    addedBy: z.string().min(1),
  }),
});
