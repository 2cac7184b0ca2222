import { z } from 'zod';
import { accountStatusSchema, contactRelationSchema } from '../../fields/account-fields';
import { defineEvent } from '../define-event';

/**
 * ACC-1: a contact joined an account (keyed by the account, so contact events keep their order
 * with the account's). No protected data travels in events.
 */
export const contactAddedV1 = defineEvent({
  type: 'account.contact-added',
  version: 1,
  aggregateType: 'account',
  topic: 'account.events',
  schema: z.object({
    contactId: z.uuid(),
    accountId: z.uuid(),
    role: z.enum(['primary', 'secondary']),
    relation: contactRelationSchema.nullable(),
    displayName: z.string(),
    email: z.string().nullable(),
    status: accountStatusSchema,
    servicingAgentId: z.uuid().nullable(),
    source: z.enum(['crm', 'ams', 'policy-sync']),
    addedBy: z.string().min(1),
  }),
});
