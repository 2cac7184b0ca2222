import type { AddressReviewDecision, AddressReviewDecisionResult, AddressReviewState } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { lockReviewWithCustomer, markAddressReviewDecided, markAddressReviewReminded } from '../db/finance-store';
import type { FieldCipher } from '../field-cipher';
import { applyCheckedCustomerChange, checkCustomerChange, fieldsChanging } from '../customers/customer-change';
import { requestedFields } from './request-address-review';

/**
 * A reviewer's decision (decision 0032). Approve: the requested change applies in this one
 * transaction exactly as FIN-2 applies a change (its guard checked again on the programs as they
 * are now), and the review is approved; a reviewer other than the requester approves. Reject:
 * nothing applies. A review no longer pending answers `already-decided`: a second decision is refused.
 */
export async function decideAddressReview(database: Database, cipher: FieldCipher, decision: AddressReviewDecision): Promise<AddressReviewDecisionResult> {
  return database.db.transaction(async (tx) => {
    const { customer, review } = await lockReviewWithCustomer(tx, decision.tenantId, decision.reviewId);
    if (review.state !== 'pending') return { outcome: 'already-decided', state: review.state };
    const reason = decision.reason ?? null;
    if (decision.decision === 'reject') {
      await markAddressReviewDecided(tx, review, { state: 'rejected', decidedBy: decision.decidedBy, reason });
      return { outcome: 'rejected' };
    }
    if (decision.decidedBy === review.requestedBy) return { outcome: 'reviewer-is-requester' };

    const fields = requestedFields(cipher, review);
    const changed = fieldsChanging(cipher, customer, fields);
    let counts = { programCount: 0, invoiceCount: 0 };
    if (changed.length > 0) {
      const verification = { documentId: review.documentId, namesInsured: true, showsNewAddress: true } as const;
      const check = await checkCustomerChange(tx, customer, changed, verification);
      if (check.outcome === 'invalid-verification') return { outcome: 'cannot-apply', reason: check.reason };
      if (check.outcome === 'verification-required') return { outcome: 'cannot-apply', reason: 'The change needs a verification document.' };
      // The requester made the change and attested the document; the reviewer's approval is its own entry.
      const applied = await applyCheckedCustomerChange(tx, cipher, customer, { fields, change: check.change, verification, actor: review.requestedBy });
      counts = { programCount: applied.programCount, invoiceCount: applied.invoiceCount };
    }
    await markAddressReviewDecided(tx, review, { state: 'approved', decidedBy: decision.decidedBy, reason });
    return { outcome: 'approved', ...counts, changedFields: changed };
  });
}

/** The reminder of a review still pending, once (a retried activity reminds once). */
export async function remindAddressReview(database: Database, input: { tenantId: string; reviewId: string }): Promise<{ reminded: boolean }> {
  return database.db.transaction(async (tx) => {
    const { review } = await lockReviewWithCustomer(tx, input.tenantId, input.reviewId);
    if (review.state !== 'pending' || review.remindedAt) return { reminded: false };
    await markAddressReviewReminded(tx, review);
    return { reminded: true };
  });
}

/** A review still pending at its expiry expires: nothing applied. Answers the state it ends in. */
export async function expireAddressReview(database: Database, input: { tenantId: string; reviewId: string }): Promise<{ state: AddressReviewState }> {
  return database.db.transaction(async (tx) => {
    const { review } = await lockReviewWithCustomer(tx, input.tenantId, input.reviewId);
    if (review.state !== 'pending') return { state: review.state };
    await markAddressReviewDecided(tx, review, { state: 'expired', decidedBy: 'system', reason: null });
    return { state: 'expired' };
  });
}
