/**
 * The verification review of an address change on financed programs (FIN-2 under review,
 * decision 0032): the workflow's input, its decision update, state query and names. Zod-free:
 * imported by workflow code. Only ids, times and a decision cross Temporal: the requested change
 * stays in the finance service's `finance_address_reviews` row.
 */
export interface AddressReviewInput {
  tenantId: string;
  reviewId: string;
  customerId: string;
  /** When the reminder fires and the request expires (ISO-8601), fixed at the request. */
  remindAt: string;
  expiresAt: string;
}

export type AddressReviewState = 'pending' | 'approved' | 'rejected' | 'expired';

/** A reviewer's decision, sent as the workflow update `decide`. */
export interface AddressReviewDecision {
  tenantId: string;
  reviewId: string;
  decision: 'approve' | 'reject';
  /** The reviewer (the token's subject). */
  decidedBy: string;
  reason?: string;
}

/** What a decision did; refusals leave the request pending (nothing applied). */
export type AddressReviewDecisionResult =
  | { outcome: 'approved'; programCount: number; invoiceCount: number; changedFields: string[] }
  | { outcome: 'rejected' }
  | { outcome: 'already-decided'; state: AddressReviewState }
  | { outcome: 'reviewer-is-requester' }
  | { outcome: 'cannot-apply'; reason: string };

export interface AddressReviewStatus {
  reviewId: string;
  state: AddressReviewState;
  reminded: boolean;
}

export const reviewAddressChangeWorkflowName = 'reviewAddressChange';
export const addressReviewDecideUpdate = 'decide';
export const addressReviewStatusQuery = 'status';

/** One workflow per request, by business key: the tenant and the review (no customer name, no address). */
export const addressReviewWorkflowId = (tenantId: string, reviewId: string): string => `finance-address-review/${tenantId}/${reviewId}`;
