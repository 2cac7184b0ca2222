import type { Request, Response } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { defineRoutes, encodeKeysetCursor, implementRoutes, principalOf, ProblemError, problems, type BoundRoute } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { readFinanceSettings, writeFinanceSettings, type AddressReviewRow } from '../db/finance-store';
import { findAddressReview, listAddressReviews } from './address-review-queries';
import { addressReviewDecisionBody, addressReviewSettingsBody, listAddressReviewsQuery, reviewIdParams } from './address-review-schemas';
import { addressReviewPageView, addressReviewSettingsView, addressReviewView, reviewDecidedView, toAddressReviewView } from './address-review-view';
import { sendDecision } from './send-decision';

const alreadyDecided = (review: Pick<AddressReviewRow, 'state'>, detail?: string) =>
  problems.conflict('review-already-decided', 'Review already decided', detail ?? `This address change is ${review.state}: it takes no other decision.`, { state: review.state });

const unconfirmed = 'The review’s workflow did not answer in time (review-decision-unconfirmed, Retry-After): the decision may still apply; read the review before deciding again';

export const addressReviewApi = defineRoutes({
  getSettingsAddressReview: {
    method: 'get',
    path: '/finance/settings/address-review',
    summary: 'Whether address changes on financed programs need review, and after how many days the reminder fires and the request expires',
    permission: 'finance:view',
    responses: { 200: ['The settings', addressReviewSettingsView] },
  },
  putSettingsAddressReview: {
    method: 'put',
    path: '/finance/settings/address-review',
    summary: 'Set whether address changes on financed programs need review, and the reminder and expiry delays in days (decision 0032)',
    description: 'Requests already pending keep the reminder and expiry they were given.',
    permission: 'finance:edit',
    body: addressReviewSettingsBody,
    responses: { 200: ['The settings', addressReviewSettingsView] },
  },
  getAddressReviews: {
    method: 'get',
    path: '/finance/address-reviews',
    summary: 'Address changes under review (filters state, customerId), newest request first (cursor nextBefore)',
    permission: 'finance:view',
    query: listAddressReviewsQuery,
    responses: { 200: ['A page of reviews', addressReviewPageView] },
  },
  getAddressReviewsByReviewId: {
    method: 'get',
    path: '/finance/address-reviews/:reviewId',
    summary: 'An address change under review: the requested values, its document, where it stands and its workflow id',
    permission: 'finance:view',
    params: reviewIdParams,
    responses: { 200: ['The review', addressReviewView] },
    problems: { 404: 'No such review' },
  },
  approve: {
    method: 'post',
    path: '/finance/address-reviews/:reviewId/approve',
    summary: 'Approve an address change: it applies as FIN-2 applies a change, in one transaction (a reviewer other than the requester)',
    permission: 'finance:edit',
    params: reviewIdParams,
    body: addressReviewDecisionBody,
    responses: { 200: ['The review and how many programs and invoices the change applied to', reviewDecidedView] },
    problems: {
      403: 'Missing permission finance:edit, or the reviewer is the requester (reviewer-is-requester)',
      404: 'No such review',
      409: 'Already decided, or being decided (review-already-decided), or the change cannot apply any more (review-cannot-apply)',
      504: unconfirmed,
    },
  },
  reject: {
    method: 'post',
    path: '/finance/address-reviews/:reviewId/reject',
    summary: 'Reject an address change (the requester may withdraw their own): nothing applies',
    permission: 'finance:edit',
    params: reviewIdParams,
    body: addressReviewDecisionBody,
    responses: { 200: ['The review', reviewDecidedView] },
    problems: { 404: 'No such review', 409: 'Already decided, or being decided (review-already-decided)', 504: unconfirmed },
  },
});

export function addressReviewRoutes({ database, fieldCipher, temporal, taskQueues, config }: ServiceDeps): BoundRoute[] {
  // The decision goes through the review's workflow (update `decide`), which applies it.
  const decide =
    (decision: 'approve' | 'reject') =>
    async ({ params: { reviewId }, body: { reason } }: { params: { reviewId: string }; body: { reason?: string } }, req: Request, res: Response) => {
      const { tenantId, subject } = principalOf(req);
      const read = () => inTenant(database, tenantId, (tx) => findAddressReview(tx, tenantId, reviewId));
      const review = await read();
      if (!review) throw problems.notFound('address review');
      if (review.state !== 'pending') throw alreadyDecided(review);
      let result;
      try {
        result = await sendDecision(temporal.client, taskQueues, review, { decision, decidedBy: subject, ...(reason ? { reason } : {}) }, config.FINANCE_DECISION_WAIT_MS);
      } catch (error) {
        // The workflow ended (expired) between the read and the decision.
        if (error instanceof WorkflowNotFoundError) throw alreadyDecided((await read())!);
        throw error;
      }
      switch (result.outcome) {
        case 'unconfirmed':
          res.setHeader('retry-after', '30');
          throw new ProblemError(
            504,
            'review-decision-unconfirmed',
            'Decision not confirmed in time',
            `The review's workflow did not answer within ${config.FINANCE_DECISION_WAIT_MS / 1000} s (its worker may be down). The decision was handed over and may still apply when it answers: read the review (GET /finance/address-reviews/${review.id}) before deciding again; a second decision is refused.`,
          );
        case 'refused':
          throw alreadyDecided((await read())!, 'A decision on this address change was taken or is being taken: it takes no other.');
        case 'already-decided':
          throw alreadyDecided(result);
        case 'reviewer-is-requester':
          throw new ProblemError(403, 'reviewer-is-requester', 'Reviewer is the requester', 'An address change is approved by a reviewer other than the operator who requested it; the requester may reject (withdraw) it.');
        case 'cannot-apply':
          throw problems.conflict('review-cannot-apply', 'Change cannot apply', `${result.reason} Nothing was changed; the request stays pending (reject it, or let it expire).`);
        default: {
          const decided = (await read())!;
          res.json({ review: toAddressReviewView(decided, fieldCipher), ...(result.outcome === 'approved' ? { programCount: result.programCount, invoiceCount: result.invoiceCount, changedFields: result.changedFields } : {}) });
        }
      }
    };

  return implementRoutes(addressReviewApi, {
    getSettingsAddressReview: async (_input, req, res) => {
      const { tenantId } = principalOf(req);
      res.json(await inTenant(database, tenantId, (tx) => readFinanceSettings(tx, tenantId)));
    },

    // Requests already pending keep the reminder and expiry they were given.
    putSettingsAddressReview: async ({ body: settings }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const saved = await forTenants(database, tenantId).db.transaction(async (tx) => {
        await writeFinanceSettings(tx, tenantId, settings, subject);
        return readFinanceSettings(tx, tenantId);
      });
      res.json(saved);
    },

    getAddressReviews: async ({ query }, req, res) => {
      const { tenantId } = principalOf(req);
      const page = await inTenant(database, tenantId, (tx) => listAddressReviews(tx, tenantId, query));
      res.json({ items: page.items.map((r) => toAddressReviewView(r, fieldCipher)), nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
    },

    getAddressReviewsByReviewId: async ({ params: { reviewId } }, req, res) => {
      const { tenantId } = principalOf(req);
      const review = await inTenant(database, tenantId, (tx) => findAddressReview(tx, tenantId, reviewId));
      if (!review) throw problems.notFound('address review');
      res.json(toAddressReviewView(review, fieldCipher));
    },

    approve: decide('approve'),
    reject: decide('reject'),
  });
}
