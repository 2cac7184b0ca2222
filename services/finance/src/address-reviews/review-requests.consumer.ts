import { financeAddressReviewRequestedV1 } from '@agencyflow/contracts';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec, ServiceDeps } from '@agencyflow/service-kit';
import { startReviewWorkflow } from './start-review-workflow';

/**
 * A review without a dual write (decision 0020): the pending change commits with its
 * address-review-requested event, and this consumer starts the review's workflow from it. While
 * Temporal is away the event is retried, never dropped: a pending change always gets its
 * reminder and its expiry.
 */
export const reviewRequestsConsumer = ({ temporal, taskQueues }: Pick<ServiceDeps, 'temporal' | 'taskQueues'>): ConsumerSpec => ({
  name: 'finance.address-review-requests',
  topics: ['finance.events'],
  handlers: {
    ...on(financeAddressReviewRequestedV1, async (_tx, { tenantId, data }) => {
      await startReviewWorkflow(temporal.client, taskQueues, {
        tenantId,
        reviewId: data.reviewId,
        customerId: data.customerId,
        remindAt: data.remindAt,
        expiresAt: data.expiresAt,
        requestedBy: data.requestedBy,
      });
    }),
  },
});
