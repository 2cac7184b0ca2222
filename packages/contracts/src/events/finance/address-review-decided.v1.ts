import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * An address change under review was decided (decision 0032): approved (it was applied in the same
 * transaction, with its own customer-updated event), rejected, or expired (nothing applied).
 */
export const financeAddressReviewDecidedV1 = defineEvent({
  type: 'finance.address-review-decided',
  version: 1,
  aggregateType: 'finance-customer',
  topic: 'finance.events',
  schema: z.object({
    reviewId: z.uuid(),
    customerId: z.uuid(),
    decision: z.enum(['approved', 'rejected', 'expired']),
    /** The reviewer; `system` when it expired. */
    decidedBy: z.string().min(1),
    requestedBy: z.string().min(1),
  }),
});
