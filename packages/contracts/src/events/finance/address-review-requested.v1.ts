import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * FIN-2 under review (decision 0032): an address change on a customer with financed programs, made
 * with its verification document, waits for a reviewer instead of applying. Keyed by the customer,
 * so it stays in order with the customer's other events. The finance service starts the review's
 * workflow from it (decision 0020). Names fields, never their values (no address).
 */
export const financeAddressReviewRequestedV1 = defineEvent({
  type: 'finance.address-review-requested',
  version: 1,
  aggregateType: 'finance-customer',
  topic: 'finance.events',
  schema: z.object({
    reviewId: z.uuid(),
    customerId: z.uuid(),
    documentId: z.uuid(),
    changedFields: z.array(z.string()),
    financedProgramCount: z.number().int().nonnegative(),
    /** When the reminder fires and when the request expires, from the tenant's settings at the request. */
    remindAt: z.iso.datetime({ offset: true }),
    expiresAt: z.iso.datetime({ offset: true }),
    requestedBy: z.string().min(1),
  }),
});
