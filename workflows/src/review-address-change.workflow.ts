import { allHandlersFinished, ApplicationFailure, condition, defineQuery, defineUpdate, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  addressReviewDecideUpdate,
  addressReviewStatusQuery,
  taskQueuesOfWorkflowQueue,
  type AddressReviewActivities,
  type AddressReviewDecision,
  type AddressReviewDecisionResult,
  type AddressReviewInput,
  type AddressReviewState,
  type AddressReviewStatus,
} from '@agencyflow/contracts/workflow';
import { serviceActivityOptions } from './activity-options';
import { runVisibility } from './run-visibility';

export const decideAddressReview = defineUpdate<AddressReviewDecisionResult, [AddressReviewDecision]>(addressReviewDecideUpdate);
export const addressReviewStatus = defineQuery<AddressReviewStatus>(addressReviewStatusQuery);

/** Milliseconds from the workflow's clock (deterministic) to an instant; at least 1 (a zero timeout means none). */
const until = (instant: string): number => Math.max(1, Date.parse(instant) - Date.now());

/**
 * FIN-2 under review (decision 0032): one workflow per pending address change, by business key.
 * A reviewer's decision arrives as the update `decide` (the caller learns what it did; a second
 * decision is refused by the validator); the finance activity applies an approval in one
 * transaction exactly as FIN-2 applies a change. Durable timers: a reminder at `remindAt` (an event
 * and a history entry), and at `expiresAt` the request expires (nothing applied). The activities
 * check the review's state in its row, so a retried or replayed step never decides twice. Only
 * ids, times and the decision cross Temporal; the current details name no one and no address.
 */
export async function reviewAddressChange(input: AddressReviewInput): Promise<AddressReviewStatus> {
  const queues = taskQueuesOfWorkflowQueue(workflowInfo().taskQueue);
  const finance = proxyActivities<AddressReviewActivities>(serviceActivityOptions(queues.finance));
  const ids = { tenantId: input.tenantId, reviewId: input.reviewId };
  let state: AddressReviewState = 'pending';
  let reminded = false;
  let deciding = false;

  const visible = runVisibility();
  const show = () =>
    visible(
      state,
      {},
      state === 'pending'
        ? `**Waiting for a reviewer**${reminded ? ' (reminded)' : ''}; reminder at ${input.remindAt}, expires at ${input.expiresAt}`
        : `**${state[0]!.toUpperCase()}${state.slice(1)}**${state === 'approved' ? ': the change was applied' : ': nothing was applied'}`,
    );
  setHandler(addressReviewStatus, () => ({ reviewId: input.reviewId, state, reminded }));
  setHandler(
    decideAddressReview,
    async (decision) => {
      deciding = true;
      try {
        const result = await finance.decideAddressReview({ ...decision, ...ids });
        if (result.outcome === 'approved' || result.outcome === 'rejected') state = result.outcome;
        if (result.outcome === 'already-decided') state = result.state;
        return result;
      } finally {
        deciding = false;
        show();
      }
    },
    {
      // A second decision (or one while another is being applied) is refused before it is recorded.
      validator: (decision) => {
        if (decision.reviewId !== input.reviewId) throw ApplicationFailure.nonRetryable('The decision is for another review.', 'ReviewMismatch');
        if (state !== 'pending') throw ApplicationFailure.nonRetryable(`This address change is ${state}.`, 'ReviewAlreadyDecided');
        if (deciding) throw ApplicationFailure.nonRetryable('A decision on this address change is being applied.', 'ReviewBeingDecided');
      },
    },
  );
  show();

  const decided = () => state !== 'pending';
  if (!(await condition(decided, until(input.remindAt)))) {
    // Once: a retried reminder finds it recorded and records nothing more.
    await finance.remindAddressReview(ids);
    reminded = true;
    show();
  }
  if (!(await condition(decided, until(input.expiresAt)))) {
    // A decision being applied at the expiry goes first; the expiry then finds it decided.
    await condition(() => !deciding);
    if (!decided()) {
      state = (await finance.expireAddressReview(ids)).state;
      show();
    }
  }
  await condition(allHandlersFinished);
  return { reviewId: input.reviewId, state, reminded };
}
