import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * One page of a policy sync was copied into an Agent CRM business (PS-4..PS-6). Bulk work emits
 * one coarse event per page, never one per policy: it says which source range the page covered
 * and what it did. The copies themselves are read by id range (the account side of the sync
 * pulls them over the policy service's internal transfer endpoint). Published on the business's
 * key, so a business's pages are in order.
 */
export const policySyncPageCopiedV1 = defineEvent({
  type: 'policy.policy-sync-page-copied',
  version: 1,
  aggregateType: 'agent-crm-business',
  topic: 'policy.events',
  schema: z.object({
    businessId: z.uuid(),
    fmoTenantId: z.string().min(1),
    runId: z.uuid(),
    page: z.number().int().nonnegative(),
    /** The page covers the FMO policies with id in (after, through]. */
    after: z.uuid().nullable(),
    through: z.uuid(),
    policies: z.number().int().nonnegative(),
    inserted: z.number().int().nonnegative(),
    updated: z.number().int().nonnegative(),
    unchanged: z.number().int().nonnegative(),
    members: z.number().int().nonnegative(),
    copiedBy: z.string().min(1),
  }),
});
