import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { addressReviewDecideUpdate, type AddressReviewDecision, type AddressReviewDecisionResult, type TaskQueues } from '@agencyflow/contracts';
import type { AddressReviewRow } from '../db/finance-store';
import { startReviewWorkflow } from './start-review-workflow';

/**
 * A reviewer's decision goes to the review's workflow as the update `decide` (decision 0032): the
 * workflow refuses a second decision in its validator and applies the first through its activity,
 * and the caller gets what it did. The workflow is started first if the request's event has not
 * reached the consumer yet (the same start, so whichever comes second finds it running).
 * Answers `refused` when the workflow took no decision (one was taken or is being taken), and
 * `unconfirmed` when the workflow did not answer within `waitMs` (its worker down or slow): the
 * decision was handed to Temporal and may still apply when a worker takes it; a second one is
 * refused by the workflow either way.
 */
export async function sendDecision(
  client: Client,
  queues: TaskQueues,
  review: AddressReviewRow,
  decision: Omit<AddressReviewDecision, 'tenantId' | 'reviewId'>,
  waitMs: number,
): Promise<AddressReviewDecisionResult | { outcome: 'refused'; reason: string } | { outcome: 'unconfirmed' }> {
  const { workflowId } = await startReviewWorkflow(client, queues, {
    tenantId: review.tenantId,
    reviewId: review.id,
    customerId: review.customerId,
    remindAt: review.remindAt.toISOString(),
    expiresAt: review.expiresAt.toISOString(),
    requestedBy: review.requestedBy,
  });
  try {
    const handle = client.workflow.getHandle(workflowId);
    return await client.withDeadline(Date.now() + waitMs, () =>
      handle.executeUpdate<AddressReviewDecisionResult, [AddressReviewDecision]>(addressReviewDecideUpdate, { args: [{ tenantId: review.tenantId, reviewId: review.id, ...decision }] }),
    );
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return { outcome: 'refused', reason: error.cause?.message ?? error.message };
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return { outcome: 'unconfirmed' };
    throw error;
  }
}
