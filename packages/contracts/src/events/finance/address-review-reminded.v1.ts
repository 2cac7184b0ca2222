import { z } from 'zod';
import { defineEvent } from '../define-event';

/** An address change under review is still undecided after the tenant's reminder delay (decision 0032). */
export const financeAddressReviewRemindedV1 = defineEvent({
  type: 'finance.address-review-reminded',
  version: 1,
  aggregateType: 'finance-customer',
  topic: 'finance.events',
  schema: z.object({
    reviewId: z.uuid(),
    customerId: z.uuid(),
    requestedBy: z.string().min(1),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
});
