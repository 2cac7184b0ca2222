import { z } from 'zod';
import { coverageTypeSchema, policyStatusSchema } from '../../fields/policy-fields';
import { defineEvent } from '../define-event';

/**
 * A policy was created or changed. State-carrying: it holds the whole (non-protected) policy
 * and a `revision` that grows by one per change, so a consumer applies only what is newer than
 * what it has, and late or repeated events change nothing. Members' protected data never
 * travels here (X-4).
 */
export const policyChangedV1 = defineEvent({
  type: 'policy.policy-changed',
  version: 1,
  aggregateType: 'policy',
  topic: 'policy.events',
  schema: z.object({
    policyId: z.uuid(),
    revision: z.number().int().positive(),
    change: z.enum(['created', 'updated', 'activated', 'cancelled', 'archived', 'terminated', 'reassigned']),
    carrier: z.string(),
    policyNumber: z.string(),
    coverageType: coverageTypeSchema,
    status: policyStatusSchema,
    previousStatus: policyStatusSchema.nullable(),
    effectiveDate: z.string(),
    renewalDate: z.string().nullable(),
    premium: z.string(),
    writingAgentNpn: z.string(),
    accountId: z.uuid().nullable(),
    policyholderContactId: z.uuid().nullable(),
    memberContactIds: z.array(z.uuid()),
    source: z.enum(['crm', 'carrier-feed', 'policy-sync']),
    changedBy: z.string().min(1),
  }),
});
