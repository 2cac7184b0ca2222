import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressReviewStatusQuery, addressReviewWorkflowId, eventKey, type AddressReviewStatus, type EventEnvelope } from '@agencyflow/contracts';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { createTestTopics, eventually, issueToken, shortId, startTestService, testEnvironment, testKafka, type TestService } from '@agencyflow/testing';
import { financeService } from '@agencyflow/finance-service';
import { createAddressReviewActivities } from '@agencyflow/finance-service/src/address-reviews/address-review.activities';
import { reviewRequestsConsumer } from '@agencyflow/finance-service/src/address-reviews/review-requests.consumer';
import { address, financeApi, pdf, program, type FinanceApi } from '@agencyflow/finance-service/test/support';
import { recordHistory } from './support/record-history';
import { startWorkflowRig, startWorkflowWorker } from './support/workflow-worker';

/** A day of the review's reminder and expiry lasts this long here (FINANCE_REVIEW_DAY_SECONDS). */
const DAY_SECONDS = 2;
/** How long a decision waits for the review's workflow here (FINANCE_DECISION_WAIT_MS). */
const DECISION_WAIT_MS = 3_000;

/**
 * FIN-2 under review (decision 0032) end to end on the real PostgreSQL, Kafka and Temporal: the
 * finance service (routes, outbox relay, the consumer that starts the review's workflow, its
 * activity worker) and the workflow worker. Tenants whose reviews must not remind or expire during
 * a test have 30 and 60 days (60 s and 120 s here); the reminder test's tenant 1 and 4 days.
 */
describe('FIN-2 verification review of address changes on financed programs', () => {
  let finance: TestService;
  let workflows: Awaited<ReturnType<typeof startWorkflowWorker>>;
  let removeTopics: () => Promise<void>;
  let prefix: string;
  const tenantId = `finrev-${shortId()}`;
  let requester: FinanceApi; // user-1
  let reviewer: FinanceApi; // user-2
  /** Every review's workflow id, to end those left running. */
  const requested = new Set<string>();
  const sql = () => finance.database.sql;
  const client = () => finance.runtime.deps.temporal.client;
  const eventsOf = async (key: string) =>
    (await sql()<{ envelope: { type: string; data: Record<string, unknown> } }[]>`select envelope from outbox where message_key = ${key} order by seq`).map((r) => r.envelope);

  /** A customer with a financed program and an invoice, and a review of its move to 400 Channelside Drive. */
  async function pendingReview(api: FinanceApi = requester) {
    const first = await program(api, { financed: true });
    const second = await program(api, { financed: false, customerId: first.customerId });
    await api.post(`/finance/programs/${second.id}/invoices`, { amountDue: '100.00', dueDate: '2026-12-01' }).expect(201);
    const doc = await api.upload(first.customerId, pdf(), { documentType: 'utility-bill', fileName: 'bill.pdf', contentType: 'application/pdf' }).expect(201);
    const change = { ...address('400 Channelside Drive'), verification: { documentId: doc.body.id, namesInsured: true, showsNewAddress: true } };
    const res = await api.patch(`/finance/customers/${first.customerId}`, change);
    expect(res.status).toBe(202);
    requested.add(res.body.review.workflowId);
    return { customerId: first.customerId, programIds: [first.id, second.id], documentId: doc.body.id as string, review: res.body.review as { id: string; workflowId: string; state: string } };
  }

  const addressesOf = async (customerId: string) => ({
    customer: (await sql()`select address_line1 from finance_customers where id = ${customerId}`).map((r) => r.address_line1),
    programs: (await sql()`select distinct insured_address_line1 from finance_programs where customer_id = ${customerId}`).map((r) => r.insured_address_line1),
    invoices: (await sql()`select distinct billing_address_line1 from finance_invoices where customer_id = ${customerId}`).map((r) => r.billing_address_line1),
  });

  beforeAll(async () => {
    const topics = await createTestTopics(testKafka());
    removeTopics = topics.remove;
    prefix = topics.prefix;
    finance = await startTestService(financeService, { prefix, env: { FINANCE_REVIEW_DAY_SECONDS: String(DAY_SECONDS), FINANCE_DECISION_WAIT_MS: String(DECISION_WAIT_MS) } });
    workflows = await startWorkflowWorker(topics.prefix);
    requester = financeApi(finance.runtime.app, await issueToken({ tenantId, subject: 'user-1', groups: ['finance-operator'] }));
    reviewer = financeApi(finance.runtime.app, await issueToken({ tenantId, subject: 'user-2', groups: ['finance-operator'] }));
    await requester.put('/finance/settings/address-review', { addressReviewRequired: true, reviewReminderAfterDays: 30, reviewExpireAfterDays: 60 }).expect(200);
  }, 120_000);
  afterAll(async () => {
    await workflows?.stop();
    await finance?.stop();
    // Reviews a test left pending would wait out their timers on the shared server: end them (the
    // service, whose consumer starts them, has stopped).
    const connection = await Connection.connect({ address: testEnvironment.temporalAddress });
    const plain = new Client({ connection, namespace: testEnvironment.temporalNamespace });
    for (const workflowId of requested) await plain.workflow.getHandle(workflowId).terminate('test finished').catch(() => undefined);
    await connection.close();
    await removeTopics?.();
  });

  it('FIN-2 review: with review on, an address change with its document waits as a pending change (nothing applied), visible over HTTP; another address change of the customer is refused meanwhile', async () => {
    const { customerId, review, documentId } = await pendingReview();
    expect(review).toMatchObject({ state: 'pending', workflowId: `finance-address-review/${tenantId}/${review.id}` });
    expect(await addressesOf(customerId)).toEqual({ customer: ['12 Dock Street'], programs: ['12 Dock Street'], invoices: ['12 Dock Street'] });
    const read = (await reviewer.get(`/finance/address-reviews/${review.id}`).expect(200)).body;
    expect(read).toMatchObject({ customerId, documentId, state: 'pending', changedFields: ['addressLine1'], changes: { addressLine1: '400 Channelside Drive' }, requestedBy: 'user-1' });
    const list = (await reviewer.get('/finance/address-reviews', { state: 'pending', customerId }).expect(200)).body;
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([review.id]);
    const again = await requester.patch(`/finance/customers/${customerId}`, { ...address('9 Other Road') });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: expect.stringMatching(/address-review-pending$/), reviewId: review.id });
    // Its workflow was started from the committed request's event (decision 0020), by its business key.
    const handle = client().workflow.getHandle(addressReviewWorkflowId(tenantId, review.id));
    await eventually(async () => expect((await handle.query<AddressReviewStatus>(addressReviewStatusQuery)).state).toBe('pending'), { timeoutMs: 20_000 });
    // The document is not used until the change applies.
    expect((await sql()`select used_at from finance_verification_documents where id = ${documentId}`)[0]!.used_at).toBeNull();
  });

  it('FIN-2 review: approve applies the change to every program and invoice in one transaction with its history and events, through the workflow; the requester cannot approve their own', async () => {
    const { customerId, review, documentId, programIds } = await pendingReview();
    const own = await requester.post(`/finance/address-reviews/${review.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.type).toMatch(/reviewer-is-requester$/);
    expect((await addressesOf(customerId)).customer).toEqual(['12 Dock Street']);

    const approved = await reviewer.post(`/finance/address-reviews/${review.id}/approve`, { reason: 'Bill names the insured at the new address' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ review: { state: 'approved', decidedBy: 'user-2' }, programCount: 2, invoiceCount: 1, changedFields: ['addressLine1'] });
    expect(await addressesOf(customerId)).toEqual({ customer: ['400 Channelside Drive'], programs: ['400 Channelside Drive'], invoices: ['400 Channelside Drive'] });
    // One transaction: the customer, its programs, its invoices and the review share one xmin.
    const xmins = await sql()`
      select xmin::text from finance_customers where id = ${customerId} union select xmin::text from finance_programs where customer_id = ${customerId}
      union select xmin::text from finance_invoices where customer_id = ${customerId} union select xmin::text from finance_address_reviews where id = ${review.id}`;
    expect(xmins).toHaveLength(1);
    // As FIN-2 applies it: the document now verifies it, attested by the requester.
    const [doc] = await sql()`select used_for from finance_verification_documents where id = ${documentId}`;
    expect(doc!.used_for).toMatchObject({ attestedBy: 'user-1', address: { addressLine1: '400 Channelside Drive' } });
    const types = (await eventsOf(customerId)).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['finance.address-review-requested', 'finance.customer-updated', 'finance.address-review-decided']);
    const updated = (await eventsOf(customerId)).find((e) => e.type === 'finance.customer-updated')!;
    expect(updated.data).toMatchObject({ changedFields: ['addressLine1'], verificationDocumentId: documentId, updatedBy: 'user-1', programCount: 2 });
    const history = (await reviewer.get(`/finance/customers/${customerId}/history`).expect(200)).body.items;
    expect(history.slice(0, 3).map((h: { change: string; actor: string }) => `${h.change} ${h.actor}`)).toEqual(['address-review-approved user-2', 'updated user-1', 'address-review-requested user-1']);
    for (const id of programIds) {
      const [entry] = (await reviewer.get(`/finance/programs/${id}/history`).expect(200)).body.items;
      expect(entry).toMatchObject({ change: 'customer-updated', after: { addressLine1: '400 Channelside Drive', verificationDocumentId: documentId } });
    }

    // The workflow by its business key: approved, done; what the UI shows names no one and no address.
    const handle = client().workflow.getHandle(addressReviewWorkflowId(tenantId, review.id));
    await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'), { timeoutMs: 20_000 });
    expect(await handle.result()).toEqual({ reviewId: review.id, state: 'approved', reminded: false });
    const described = await handle.describe();
    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    const shown = [await described.staticSummary(), await described.staticDetails(), metadata.currentDetails, JSON.stringify(described.searchAttributes)].join('\n');
    expect(await described.staticSummary()).toBe(`Review of an address change on financed programs (FIN-2), customer ${customerId}`);
    expect(metadata.currentDetails).toBe('**Approved**: the change was applied');
    expect(described.searchAttributes).toMatchObject({ TenantId: [tenantId], RunKind: ['finance-address-review'] });
    expect(shown).not.toMatch(/Dock|Channelside|Harbor|Tampa|Dana|Brooks/);
    await recordHistory(handle.workflowId, 'review-address-change-approved');
  }, 120_000);

  it('FIN-2 review: reject applies nothing (the document stays unused) and ends the workflow', async () => {
    const { customerId, review, documentId } = await pendingReview();
    const rejected = await reviewer.post(`/finance/address-reviews/${review.id}/reject`, { reason: 'The bill shows another name' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.review).toMatchObject({ state: 'rejected', decidedBy: 'user-2', decisionReason: 'The bill shows another name' });
    expect(await addressesOf(customerId)).toEqual({ customer: ['12 Dock Street'], programs: ['12 Dock Street'], invoices: ['12 Dock Street'] });
    expect((await sql()`select used_at from finance_verification_documents where id = ${documentId}`)[0]!.used_at).toBeNull();
    expect((await eventsOf(customerId)).map((e) => e.type)).not.toContain('finance.customer-updated');
    const handle = client().workflow.getHandle(review.workflowId);
    expect(await handle.result()).toEqual({ reviewId: review.id, state: 'rejected', reminded: false });
    // The customer takes a new address change once the review is decided.
    const doc = await requester.upload(customerId, pdf('lease'), { documentType: 'lease-or-mortgage', fileName: 'lease.pdf', contentType: 'application/pdf' }).expect(201);
    const next = await requester.patch(`/finance/customers/${customerId}`, { ...address('7 Bay Street'), verification: { documentId: doc.body.id, namesInsured: true, showsNewAddress: true } });
    expect(next.status).toBe(202);
    requested.add(next.body.review.workflowId);
  }, 120_000);

  it('FIN-2 review: a second decision is refused (409), also when two reviewers decide at once: the change applies once', async () => {
    const { customerId, review } = await pendingReview();
    const third = financeApi(finance.runtime.app, await issueToken({ tenantId, subject: 'user-3', groups: ['finance-operator'] }));
    const answers = await Promise.all([reviewer.post(`/finance/address-reviews/${review.id}/approve`, {}), third.post(`/finance/address-reviews/${review.id}/approve`, {})]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.type).toMatch(/review-already-decided$/);
    const late = await third.post(`/finance/address-reviews/${review.id}/reject`, {});
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ type: expect.stringMatching(/review-already-decided$/), state: 'approved' });
    expect((await eventsOf(customerId)).filter((e) => e.type === 'finance.customer-updated')).toHaveLength(1);
    expect((await sql()`select state from finance_address_reviews where id = ${review.id}`)[0]!.state).toBe('approved');
  }, 120_000);

  it('FIN-2 review: with the workflow worker down a decision answers 504 within its deadline, saying it may still apply; once a worker is back the change applies exactly once', async () => {
    const { customerId, review } = await pendingReview();
    const handle = client().workflow.getHandle(review.workflowId);
    await eventually(async () => expect((await handle.describe()).status.name).toBe('RUNNING'), { timeoutMs: 30_000 });
    await workflows.stop();
    const started = Date.now();
    const unanswered = await reviewer.post(`/finance/address-reviews/${review.id}/approve`, {});
    expect(unanswered.status).toBe(504);
    expect(unanswered.headers['retry-after']).toBe('30');
    expect(unanswered.body.type).toMatch(/review-decision-unconfirmed$/);
    expect(unanswered.body.detail).toContain(`GET /finance/address-reviews/${review.id}`);
    expect(Date.now() - started).toBeLessThan(DECISION_WAIT_MS + 5_000);
    expect((await sql()`select state from finance_address_reviews where id = ${review.id}`)[0]!.state).toBe('pending');

    workflows = await startWorkflowWorker(prefix);
    // The handed-over decision applies when the worker takes it, or the reviewer's second try does: never both.
    await eventually(async () => expect([200, 409]).toContain((await reviewer.post(`/finance/address-reviews/${review.id}/approve`, {})).status), { timeoutMs: 60_000, intervalMs: 1_000 });
    // (A 409 may mean the handed-over decision is being applied right now.)
    await eventually(async () => expect((await sql()`select state from finance_address_reviews where id = ${review.id}`)[0]!.state).toBe('approved'), { timeoutMs: 30_000 });
    expect((await eventsOf(customerId)).filter((e) => e.type === 'finance.customer-updated')).toHaveLength(1);
    expect((await addressesOf(customerId)).customer).toEqual(['400 Channelside Drive']);
  }, 120_000);

  it('FIN-2 review: the reminder fires after N days (an event and a history entry) and the request expires after M days: state expired, nothing applied', async () => {
    const otherTenant = `finrev-${shortId()}`;
    const api = financeApi(finance.runtime.app, await issueToken({ tenantId: otherTenant, subject: 'user-1', groups: ['finance-operator'] }));
    await api.put('/finance/settings/address-review', { addressReviewRequired: true, reviewReminderAfterDays: 1, reviewExpireAfterDays: 4 }).expect(200);
    const { customerId, review } = await pendingReview(api);
    const handle = client().workflow.getHandle(review.workflowId);
    await eventually(async () => expect((await handle.query<AddressReviewStatus>(addressReviewStatusQuery)).reminded).toBe(true), { timeoutMs: 40_000 });
    const reminded = (await eventsOf(customerId)).filter((e) => e.type === 'finance.address-review-reminded');
    expect(reminded).toHaveLength(1);
    expect(reminded[0]!.data).toMatchObject({ reviewId: review.id, requestedBy: 'user-1' });
    const history = (await api.get(`/finance/customers/${customerId}/history`).expect(200)).body.items as Array<{ change: string; actor: string }>;
    expect(history.filter((h) => h.change === 'address-review-reminder')).toEqual([expect.objectContaining({ actor: 'system' })]);
    expect((await api.get(`/finance/address-reviews/${review.id}`).expect(200)).body).toMatchObject({ remindedAt: expect.any(String) });

    expect(await handle.result()).toEqual({ reviewId: review.id, state: 'expired', reminded: true });
    const expired = (await api.get(`/finance/address-reviews/${review.id}`).expect(200)).body;
    expect(expired).toMatchObject({ state: 'expired', decidedBy: 'system' });
    // Between the request and the expiry: M - N days, as the settings said.
    expect(Date.parse(expired.expiresAt) - Date.parse(expired.remindAt)).toBe(3 * DAY_SECONDS * 1000);
    expect(await addressesOf(customerId)).toEqual({ customer: ['12 Dock Street'], programs: ['12 Dock Street'], invoices: ['12 Dock Street'] });
    expect((await eventsOf(customerId)).map((e) => e.type).slice(-2)).toEqual(['finance.address-review-reminded', 'finance.address-review-decided']);
    const late = await financeApi(finance.runtime.app, await issueToken({ tenantId: otherTenant, subject: 'user-2', groups: ['finance-operator'] })).post(`/finance/address-reviews/${review.id}/approve`, {});
    expect(late.status).toBe(409);
    expect((await api.get(`/finance/customers/${customerId}/history`).expect(200)).body.items[0]).toMatchObject({ change: 'address-review-expired' });
    await recordHistory(handle.workflowId, 'review-address-change-expired');
  }, 120_000);

  it('FIN-1 FIN-2 review: the approval checks FIN-2’s guard on the financed flags as they are then: none financed any more, the change applies and the document stays unused', async () => {
    const { customerId, review, documentId, programIds } = await pendingReview();
    await requester.post(`/finance/programs/${programIds[0]}/financed`, { financed: false }).expect(200);
    const approved = await reviewer.post(`/finance/address-reviews/${review.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ review: { state: 'approved' }, programCount: 2, invoiceCount: 1 });
    expect((await addressesOf(customerId)).programs).toEqual(['400 Channelside Drive']);
    expect((await sql()`select used_at from finance_verification_documents where id = ${documentId}`)[0]!.used_at).toBeNull();
    const updated = (await eventsOf(customerId)).find((e) => e.type === 'finance.customer-updated')!;
    expect(updated.data).toMatchObject({ financedProgramCount: 0, verificationDocumentId: null });
  }, 120_000);

  it('FIN-2 review: another tenant neither sees nor decides the review (404)', async () => {
    const { review } = await pendingReview();
    const stranger = financeApi(finance.runtime.app, await issueToken({ tenantId: `other-${shortId()}`, subject: 'user-2', groups: ['finance-operator'] }));
    await stranger.get(`/finance/address-reviews/${review.id}`).expect(404);
    await stranger.post(`/finance/address-reviews/${review.id}/approve`, {}).expect(404);
  });
});

/**
 * Decision 0020 both ways: the request commits with its event and the consumer of that event starts
 * the review's workflow; a decision that arrives first starts it itself (the same start), and the
 * event delivered afterwards starts nothing more. Here the service runs without its consumers (not
 * started), its activities on a worker of their own.
 */
describe('FIN-2 review: the workflow starts once, from the decision or from the event, whichever comes first', () => {
  const prefix = `t${shortId()}.`;
  const tenantId = `finrev-${shortId()}`;
  let finance: TestService;
  let rig: Awaited<ReturnType<typeof startWorkflowRig>>;

  beforeAll(async () => {
    finance = await startTestService(financeService, { prefix, start: false });
    const activities = createAddressReviewActivities(finance.runtime.deps);
    rig = await startWorkflowRig(prefix, (service) => (service === 'finance' ? activities : { probeService: async () => ({ service, ok: true }) }));
  }, 120_000);
  afterAll(async () => {
    await rig?.stop();
    await finance?.stop();
  });

  it('FIN-2 review: a decision before the consumer saw the request starts the workflow and applies; the late event starts no second run', async () => {
    const requester = financeApi(finance.runtime.app, await issueToken({ tenantId, subject: 'user-1', groups: ['finance-operator'] }));
    const reviewer = financeApi(finance.runtime.app, await issueToken({ tenantId, subject: 'user-2', groups: ['finance-operator'] }));
    await requester.put('/finance/settings/address-review', { addressReviewRequired: true, reviewReminderAfterDays: 3, reviewExpireAfterDays: 14 }).expect(200);
    const p = await program(requester, { financed: true });
    const doc = await requester.upload(p.customerId, pdf(), { documentType: 'utility-bill', fileName: 'bill.pdf', contentType: 'application/pdf' }).expect(201);
    const pending = await requester.patch(`/finance/customers/${p.customerId}`, { ...address('400 Channelside Drive'), verification: { documentId: doc.body.id, namesInsured: true, showsNewAddress: true } });
    expect(pending.status).toBe(202);
    const { id: reviewId, workflowId } = pending.body.review as { id: string; workflowId: string };
    await expect(rig.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    const approved = await reviewer.post(`/finance/address-reviews/${reviewId}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ review: { state: 'approved' }, programCount: 1 });
    const handle = rig.client.workflow.getHandle(workflowId);
    expect(await handle.result()).toEqual({ reviewId, state: 'approved', reminded: false });

    // The request's event, delivered now, to the consumer's handler: the finished run stays the only one.
    const [row] = await finance.database.sql<{ envelope: EventEnvelope }[]>`select envelope from outbox where envelope->>'type' = 'finance.address-review-requested' and envelope->'data'->>'reviewId' = ${reviewId}`;
    const handler = reviewRequestsConsumer(finance.runtime.deps).handlers[eventKey('finance.address-review-requested', 1)]!;
    await handler(undefined as never, row!.envelope);
    const described = await handle.describe();
    expect(described.status.name).toBe('COMPLETED');
    await eventually(async () => {
      const runs = [];
      for await (const run of rig.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run.runId);
      expect(runs).toEqual([described.runId]);
    }, { timeoutMs: 30_000 });
  }, 120_000);
});
