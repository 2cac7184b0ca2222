import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { encodeKeysetCursor, parseInput, principalOf, ProblemError, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { readFinanceSettings, writeFinanceSettings, type AddressReviewRow } from '../db/finance-store';
import { findAddressReview, listAddressReviews } from './address-review-queries';
import { addressReviewDecisionBody, addressReviewSettingsBody, listAddressReviewsQuery, reviewIdParams } from './address-review-schemas';
import { toAddressReviewView } from './address-review-view';
import { sendDecision } from './send-decision';

const alreadyDecided = (review: Pick<AddressReviewRow, 'state'>, detail?: string) =>
  problems.conflict('review-already-decided', 'Review already decided', detail ?? `This address change is ${review.state}: it takes no other decision.`, { state: review.state });

export function addressReviewRoutes({ database, fieldCipher, temporal, taskQueues, config }: ServiceDeps): Router {
  const router = Router();

  router.get('/finance/settings/address-review', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    res.json(await inTenant(database, tenantId, (tx) => readFinanceSettings(tx, tenantId)));
  });

  // Requests already pending keep the reminder and expiry they were given.
  router.put('/finance/settings/address-review', requirePermission('finance:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const settings = parseInput(addressReviewSettingsBody, req.body);
    const saved = await forTenants(database, tenantId).db.transaction(async (tx) => {
      await writeFinanceSettings(tx, tenantId, settings, subject);
      return readFinanceSettings(tx, tenantId);
    });
    res.json(saved);
  });

  router.get('/finance/address-reviews', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const query = parseInput(listAddressReviewsQuery, req.query, 'query');
    const page = await inTenant(database, tenantId, (tx) => listAddressReviews(tx, tenantId, query));
    res.json({ items: page.items.map((r) => toAddressReviewView(r, fieldCipher)), nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
  });

  router.get('/finance/address-reviews/:reviewId', requirePermission('finance:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { reviewId } = parseInput(reviewIdParams, req.params, 'path');
    const review = await inTenant(database, tenantId, (tx) => findAddressReview(tx, tenantId, reviewId));
    if (!review) throw problems.notFound('address review');
    res.json(toAddressReviewView(review, fieldCipher));
  });

  // The decision goes through the review's workflow (update `decide`), which applies it.
  for (const decision of ['approve', 'reject'] as const) {
    router.post(`/finance/address-reviews/:reviewId/${decision}`, requirePermission('finance:edit'), async (req, res) => {
      const { tenantId, subject } = principalOf(req);
      const { reviewId } = parseInput(reviewIdParams, req.params, 'path');
      const { reason } = parseInput(addressReviewDecisionBody, req.body ?? {});
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
    });
  }

  return router;
}
