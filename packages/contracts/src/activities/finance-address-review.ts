import type { AddressReviewDecision, AddressReviewDecisionResult, AddressReviewState } from '../workflows/finance-address-review';

/** Address-review activities of the finance service (task queue `finance-activities`). */
export interface AddressReviewActivities {
  /**
   * Approve: the requested change applies in one transaction exactly as FIN-2 applies it (the guard
   * checked again on the current programs), with its history and events; reject: nothing applies.
   * Idempotent: a request no longer pending answers `already-decided`.
   */
  decideAddressReview(decision: AddressReviewDecision): Promise<AddressReviewDecisionResult>;
  /** The reminder: an event and a history entry, once; nothing if the request was decided meanwhile. */
  remindAddressReview(input: { tenantId: string; reviewId: string }): Promise<{ reminded: boolean }>;
  /** The request expires: state expired, nothing applied; answers the state it ends in. */
  expireAddressReview(input: { tenantId: string; reviewId: string }): Promise<{ state: AddressReviewState }>;
}
