import { and, eq, sql } from 'drizzle-orm';
import { buildEvent, financeAddressReviewDecidedV1, financeAddressReviewRemindedV1, financeAddressReviewRequestedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { financeAddressReviews, type AddressReviewState } from '../schema';
import { recordHistory } from '../history-store';
import { lockCustomer, type CustomerRow } from './customers';

export type AddressReviewRow = typeof financeAddressReviews.$inferSelect;

export interface NewAddressReview {
  documentId: string;
  /** The requested fields as given, the tax id sealed. */
  changes: Record<string, unknown>;
  changedFields: string[];
  financedProgramCount: number;
  /** The tenant's delays at the request, in seconds (a day is FINANCE_REVIEW_DAY_SECONDS). */
  remindAfterSeconds: number;
  expireAfterSeconds: number;
}

/**
 * FIN-2 under review: the address change waits as a pending review of the customer, in the
 * caller's transaction (which holds the customer's lock); address-review-requested (its workflow
 * starts from it, decision 0020) and a history entry naming the fields, not their values.
 * Undefined when the customer already has a pending review (the partial unique index decides).
 */
export async function insertAddressReview(tx: Executor, customer: CustomerRow, review: NewAddressReview, actor: string): Promise<AddressReviewRow | undefined> {
  const { tenantId } = customer;
  const [row] = await tx
    .insert(financeAddressReviews)
    .values({
      tenantId,
      customerId: customer.id,
      documentId: review.documentId,
      changes: review.changes,
      changedFields: review.changedFields,
      requestedBy: actor,
      remindAt: sql`now() + make_interval(secs => ${review.remindAfterSeconds})`,
      expiresAt: sql`now() + make_interval(secs => ${review.expireAfterSeconds})`,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return undefined;
  const event = buildEvent(financeAddressReviewRequestedV1, {
    tenantId,
    aggregateId: customer.id,
    data: {
      reviewId: row.id,
      customerId: customer.id,
      documentId: row.documentId,
      changedFields: row.changedFields,
      financedProgramCount: review.financedProgramCount,
      remindAt: row.remindAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      requestedBy: actor,
    },
  });
  await recordHistory(tx, { tenantId, eventId: event.envelope.id, actor }, [
    {
      subjectType: 'customer',
      subjectId: customer.id,
      change: 'address-review-requested',
      summary: `Address change (${row.changedFields.join(', ')}) waits for review; ${review.financedProgramCount} financed program(s)`,
      after: { reviewId: row.id, documentId: row.documentId, changedFields: row.changedFields },
    },
  ]);
  await writeOutbox(tx, [event]);
  return row;
}

/** The review, locked for the rest of the transaction (a decision, the reminder and the expiry serialise on it). */
export async function lockAddressReview(tx: Executor, tenantId: string, reviewId: string): Promise<AddressReviewRow | undefined> {
  const [row] = await tx.select().from(financeAddressReviews).where(and(eq(financeAddressReviews.tenantId, tenantId), eq(financeAddressReviews.id, reviewId))).for('update');
  return row;
}

/**
 * The review and its customer, both locked: the customer first, then the review (the order a
 * customer change takes them in, so a decision and a change cannot deadlock). Throws when there
 * is no such review: its workflow outlived its row, which only a dropped test database does.
 */
export async function lockReviewWithCustomer(tx: Executor, tenantId: string, reviewId: string): Promise<{ review: AddressReviewRow; customer: CustomerRow }> {
  const [found] = await tx.select({ customerId: financeAddressReviews.customerId }).from(financeAddressReviews).where(and(eq(financeAddressReviews.tenantId, tenantId), eq(financeAddressReviews.id, reviewId)));
  if (!found) throw new Error(`address review ${reviewId} not found`);
  const customer = await lockCustomer(tx, tenantId, found.customerId);
  const review = await lockAddressReview(tx, tenantId, reviewId);
  return { review: review!, customer: customer! };
}

/** The customer's pending review, if any (the caller holds the customer's lock). */
export async function pendingReviewOfCustomer(tx: Executor, tenantId: string, customerId: string): Promise<AddressReviewRow | undefined> {
  const [row] = await tx
    .select()
    .from(financeAddressReviews)
    .where(and(eq(financeAddressReviews.tenantId, tenantId), eq(financeAddressReviews.customerId, customerId), eq(financeAddressReviews.state, 'pending')));
  return row;
}

const decisionWords: Record<Exclude<AddressReviewState, 'pending'>, string> = { approved: 'approved and applied', rejected: 'rejected: nothing applied', expired: 'expired undecided: nothing applied' };

/** A pending review decided (approved, rejected or expired); address-review-decided and a history entry. */
export async function markAddressReviewDecided(
  tx: Executor,
  review: AddressReviewRow,
  decision: { state: Exclude<AddressReviewState, 'pending'>; decidedBy: string; reason: string | null },
): Promise<AddressReviewRow> {
  const [row] = await tx
    .update(financeAddressReviews)
    .set({ state: decision.state, decidedBy: decision.decidedBy, decidedAt: sql`now()`, decisionReason: decision.reason })
    .where(and(eq(financeAddressReviews.tenantId, review.tenantId), eq(financeAddressReviews.id, review.id)))
    .returning();
  const event = buildEvent(financeAddressReviewDecidedV1, {
    tenantId: review.tenantId,
    aggregateId: review.customerId,
    data: { reviewId: review.id, customerId: review.customerId, decision: decision.state, decidedBy: decision.decidedBy, requestedBy: review.requestedBy },
  });
  await recordHistory(tx, { tenantId: review.tenantId, eventId: event.envelope.id, actor: decision.decidedBy }, [
    {
      subjectType: 'customer',
      subjectId: review.customerId,
      change: `address-review-${decision.state}`,
      summary: `Address change (${review.changedFields.join(', ')}) requested by ${review.requestedBy} ${decisionWords[decision.state]}`,
      before: { state: 'pending' },
      after: { state: decision.state, reviewId: review.id, ...(decision.reason ? { reason: decision.reason } : {}) },
    },
  ]);
  await writeOutbox(tx, [event]);
  return row!;
}

/** The reminder of a pending review, once; address-review-reminded and a history entry. */
export async function markAddressReviewReminded(tx: Executor, review: AddressReviewRow): Promise<void> {
  await tx
    .update(financeAddressReviews)
    .set({ remindedAt: sql`now()` })
    .where(and(eq(financeAddressReviews.tenantId, review.tenantId), eq(financeAddressReviews.id, review.id)));
  const event = buildEvent(financeAddressReviewRemindedV1, {
    tenantId: review.tenantId,
    aggregateId: review.customerId,
    data: { reviewId: review.id, customerId: review.customerId, requestedBy: review.requestedBy, expiresAt: review.expiresAt.toISOString() },
  });
  await recordHistory(tx, { tenantId: review.tenantId, eventId: event.envelope.id, actor: 'system' }, [
    {
      subjectType: 'customer',
      subjectId: review.customerId,
      change: 'address-review-reminder',
      summary: `Reminder: the address change requested by ${review.requestedBy} still waits for review; it expires at ${review.expiresAt.toISOString()}`,
      after: { reviewId: review.id },
    },
  ]);
  await writeOutbox(tx, [event]);
}
