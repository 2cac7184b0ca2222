import { z } from 'zod';
import { defineEvent } from '../define-event';

/** A policy was deleted, e.g. with its contact (ACC-3) or its account (ACC-5). */
export const policyDeletedV1 = defineEvent({
  type: 'policy.policy-deleted',
  version: 1,
  aggregateType: 'policy',
  topic: 'policy.events',
  schema: z.object({
    policyId: z.uuid(),
    revision: z.number().int().positive(),
    carrier: z.string(),
    policyNumber: z.string(),
    accountId: z.uuid().nullable(),
    policyholderContactId: z.uuid().nullable(),
    reason: z.enum(['contact-deleted', 'account-deleted', 'user']),
    deletedBy: z.string().min(1),
  }),
});
