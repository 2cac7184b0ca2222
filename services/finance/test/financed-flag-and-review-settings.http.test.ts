import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { financeService } from '../src';
import { address, financeApi, moveTo, pdf, program, type FinanceApi } from './support';

/**
 * Decision 0032 over HTTP on the real PostgreSQL: the financed flag changed after creation (FIN-1,
 * seen by FIN-2's guard) and the tenant's review setting. The review itself runs on Temporal:
 * test/finance-address-review.test.ts.
 */
describe('finance: the financed flag after creation and the review setting', () => {
  let service: TestService;
  let api: FinanceApi;
  const tenantId = `finflag-${shortId()}`;
  const sql = () => service.database.sql;
  const events = async (key: string) => (await sql()<{ envelope: { type: string; data: Record<string, unknown> } }[]>`select envelope from outbox where message_key = ${key} order by seq`).map((r) => r.envelope);
  const counts = () => sql()`select (select count(*)::int from finance_programs) p, (select count(*)::int from finance_history) h, (select count(*)::int from outbox) o, (select count(*)::int from finance_settings) s`;

  beforeAll(async () => {
    service = await startTestService(financeService, { prefix: `t${shortId()}.`, start: false });
    api = financeApi(service.runtime.app, await issueToken({ tenantId, groups: ['finance-operator'] }));
  });
  afterAll(async () => service?.stop());

  it('FIN-1 FIN-2 a program made financed after creation: FIN-2’s guard sees the current flag (an address change without a document is refused, nothing changes), with history and an event', async () => {
    const p = await program(api, { financed: false });
    // Not financed: the address changes without a document.
    await api.patch(`/finance/customers/${p.customerId}`, address('20 First Street')).expect(200);
    const made = await api.post(`/finance/programs/${p.id}/financed`, { financed: true });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ id: p.id, financed: true });
    const refused = await api.patch(`/finance/customers/${p.customerId}`, address('30 Second Street'));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/verification-document-required$/), financedProgramCount: 1, financedPrograms: [expect.objectContaining({ id: p.id, financed: true })] });
    expect((await api.get(`/finance/customers/${p.customerId}`).expect(200)).body.customer.addressLine1).toBe('20 First Street');
    const changed = (await events(p.id)).filter((e) => e.type === 'finance.program-financed-changed');
    expect(changed.map((e) => e.data)).toEqual([{ programId: p.id, customerId: p.customerId, financed: true, status: 'draft', changedBy: 'user-1' }]);
    const [entry] = (await api.get(`/finance/programs/${p.id}/history`).expect(200)).body.items;
    expect(entry).toMatchObject({ change: 'financed-changed', before: { financed: false }, after: { financed: true }, actor: 'user-1' });
    // And back: no longer financed, no document needed.
    await api.post(`/finance/programs/${p.id}/financed`, { financed: false }).expect(200);
    await api.patch(`/finance/customers/${p.customerId}`, address('30 Second Street')).expect(200);
  });

  it('FIN-1 the financed flag changes only in draft or quoted: once sent for signature 409 financed-flag-locked, nothing written; the same value changes nothing', async () => {
    const p = await program(api, { financed: true });
    await moveTo(api, p.id, 'quoted');
    await api.post(`/finance/programs/${p.id}/financed`, { financed: false }).expect(200);
    await moveTo(api, p.id, 'pending-signature');
    const before = await counts();
    const locked = await api.post(`/finance/programs/${p.id}/financed`, { financed: true });
    expect(locked.status).toBe(409);
    expect(locked.body).toMatchObject({ type: expect.stringMatching(/financed-flag-locked$/), programStatus: 'pending-signature', changeableIn: ['draft', 'quoted'] });
    const same = await api.post(`/finance/programs/${p.id}/financed`, { financed: false });
    expect(same.status).toBe(200);
    expect((await api.post(`/finance/programs/${p.id}/financed`, { financed: 'yes' })).status).toBe(400);
    expect(await counts()).toEqual(before);
    await api.post(`/finance/programs/00000000-0000-4000-8000-000000000000/financed`, { financed: true }).expect(404);
  });

  it('FIN-2 review setting: read and set over HTTP (defaults off, 3 and 14 days), finance:edit to change, bad input writes nothing, published as settings-changed', async () => {
    expect((await api.get('/finance/settings/address-review').expect(200)).body).toMatchObject({ addressReviewRequired: false, reviewReminderAfterDays: 3, reviewExpireAfterDays: 14 });
    const viewer = financeApi(service.runtime.app, await issueToken({ tenantId, permissions: ['finance:view'] }));
    await viewer.get('/finance/settings/address-review').expect(200);
    const before = await counts();
    expect((await viewer.put('/finance/settings/address-review', { addressReviewRequired: true, reviewReminderAfterDays: 2, reviewExpireAfterDays: 5 })).status).toBe(403);
    expect((await api.put('/finance/settings/address-review', { addressReviewRequired: true, reviewReminderAfterDays: 5, reviewExpireAfterDays: 5 })).status).toBe(400);
    expect((await api.put('/finance/settings/address-review', { addressReviewRequired: true })).status).toBe(400);
    expect(await counts()).toEqual(before);
    const set = await api.put('/finance/settings/address-review', { addressReviewRequired: true, reviewReminderAfterDays: 2, reviewExpireAfterDays: 5 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ addressReviewRequired: true, reviewReminderAfterDays: 2, reviewExpireAfterDays: 5, updatedBy: 'user-1' });
    expect((await events(tenantId)).map((e) => e.data)).toEqual([{ addressReviewRequired: true, reviewReminderAfterDays: 2, reviewExpireAfterDays: 5, changedBy: 'user-1' }]);
    // Another tenant keeps its own (the defaults).
    const other = financeApi(service.runtime.app, await issueToken({ tenantId: `other-${shortId()}`, groups: ['finance-operator'] }));
    expect((await other.get('/finance/settings/address-review').expect(200)).body.addressReviewRequired).toBe(false);
  });

  it('FIN-2 review: with the setting on, a change needing no document still applies at once, and one without its document is still refused', async () => {
    await api.put('/finance/settings/address-review', { addressReviewRequired: true, reviewReminderAfterDays: 3, reviewExpireAfterDays: 14 }).expect(200);
    const notFinanced = await program(api, { financed: false });
    await api.patch(`/finance/customers/${notFinanced.customerId}`, address('1 Plain Road')).expect(200);
    const financed = await program(api, { financed: true });
    await api.patch(`/finance/customers/${financed.customerId}`, { phone: '+1 813 555 0100' }).expect(200);
    expect((await api.patch(`/finance/customers/${financed.customerId}`, address('2 Plain Road'))).status).toBe(409);
    const doc = await api.upload(financed.customerId, pdf(), { documentType: 'utility-bill', fileName: 'bill.pdf', contentType: 'application/pdf' }).expect(201);
    const pending = await api.patch(`/finance/customers/${financed.customerId}`, { ...address('2 Plain Road'), verification: { documentId: doc.body.id, namesInsured: true, showsNewAddress: true } });
    expect(pending.status).toBe(202);
    expect(pending.headers.location).toBe(`/finance/address-reviews/${pending.body.review.id}`);
    expect((await api.get(`/finance/customers/${financed.customerId}`).expect(200)).body.customer.addressLine1).toBe('12 Dock Street');
  });

  it('FIN-2 review X-4 a tax id in a change under review is kept sealed and answered masked', async () => {
    await api.put('/finance/settings/address-review', { addressReviewRequired: true, reviewReminderAfterDays: 3, reviewExpireAfterDays: 14 }).expect(200);
    const financed = await program(api, { financed: true });
    const doc = await api.upload(financed.customerId, pdf(), { documentType: 'tax-document', fileName: 'w9.pdf', contentType: 'application/pdf' }).expect(201);
    const pending = await api.patch(`/finance/customers/${financed.customerId}`, { ...address('3 Plain Road'), taxId: '123-45-6789', verification: { documentId: doc.body.id, namesInsured: true, showsNewAddress: true } });
    expect(pending.status).toBe(202);
    expect(pending.body.review.changes).toMatchObject({ addressLine1: '3 Plain Road', taxId: '*****6789' });
    const [row] = await sql()`select changes::text as changes from finance_address_reviews where id = ${pending.body.review.id}`;
    expect(row!.changes).not.toMatch(/6789|123-45/);
    const history = JSON.stringify((await api.get(`/finance/customers/${financed.customerId}/history`).expect(200)).body);
    expect(history).not.toMatch(/6789/);
  });
});
