import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * One page of a carrier feed import changed the tenant's book of business (PS-2). Bulk work emits
 * one coarse event per page: counts, never the rows. Policies a CRM account owns still get their
 * own policy-changed (the account service derives statuses from them, ACC-6); a book-of-business
 * policy has no account, so nothing downstream needs it row by row. Keyed by the import.
 */
export const carrierFeedPageImportedV1 = defineEvent({
  type: 'policy.carrier-feed-page-imported',
  version: 1,
  aggregateType: 'carrier-feed-import',
  topic: 'policy.events',
  schema: z.object({
    importId: z.uuid(),
    page: z.number().int().nonnegative(),
    policiesInserted: z.number().int().nonnegative(),
    policiesUpdated: z.number().int().nonnegative(),
    /** Of those, the ones a CRM account owns, each also published as policy-changed. */
    policiesWithAccount: z.number().int().nonnegative(),
    importedBy: z.string().min(1),
  }),
});
