import { z } from 'zod';
import { contactRelationSchema } from '../../fields/account-fields';
import { defineEvent } from '../define-event';

/** A contact's fields changed. Names the changed fields, never protected values. */
export const contactUpdatedV1 = defineEvent({
  type: 'account.contact-updated',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    contactId: z.uuid(),
    accountId: z.uuid(),
    changedFields: z.array(z.string()),
    relation: contactRelationSchema.nullable(),
    displayName: z.string(),
    email: z.string().nullable(),
    updatedBy: z.string().min(1),
  }),
});
