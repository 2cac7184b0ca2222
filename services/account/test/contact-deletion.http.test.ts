import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq } from 'drizzle-orm';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';
import { accounts, contactFiles, contacts, dealCards, outbox, policySummaries } from '../src/db/schema';
import { accountApi, householdWithTwoContacts } from './support';

describe('deleting contacts (ACC-3, ACC-4, ACC-5) over HTTP against real PostgreSQL', () => {
  let service: TestService;
  let api: ReturnType<typeof accountApi>;
  let token: string;
  const tenantId = `tenant-${shortId()}`;

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false });
    token = await issueToken({ tenantId, groups: ['agency-admin'] });
    api = accountApi(service.runtime.app, token);
  });
  afterAll(async () => service?.stop());

  const db = () => service.database.db;
  /** A policy as the policy service reported it (the account service's read model). */
  const knownPolicy = (accountId: string, contactId: string, status: string) =>
    db()
      .insert(policySummaries)
      .values({
        policyId: randomUUID(), tenantId, revision: 1, accountId, policyholderContactId: contactId, carrier: 'Humana',
        policyNumber: `H-${shortId()}`, coverageType: 'medicare-advantage', status, effectiveDate: '2026-01-01', premium: '0.00',
      })
      .returning()
      .then(([p]) => p!);
  const attach = async (contactId: string) => {
    await api.raw('post', `/contacts/${contactId}/deal-cards`).send({ title: 'Plan G', stage: 'proposal', value: '1740.00' }).expect(201);
    await request(service.runtime.app)
      .post(`/contacts/${contactId}/files`)
      .query({ fileName: 'id-card.pdf', contentType: 'application/pdf' })
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from('%PDF-1.7 fake'))
      .expect(201);
  };
  const eventTypes = async (accountId: string) =>
    (await db().select().from(outbox).where(eq(outbox.messageKey, accountId)).orderBy(outbox.seq)).map((e) => (e.envelope as { type: string }).type);

  it('ACC-3 without confirmation the answer lists what would be deleted and deletes nothing', async () => {
    const { account, spouse } = await householdWithTwoContacts(api);
    await attach(spouse.id);
    const policy = await knownPolicy(account.id, spouse.id, 'active');
    const res = await api.deleteContact(spouse.id).expect(409);
    expect(res.body.type).toContain('confirmation-required');
    expect(res.body.wouldDelete).toMatchObject({
      contact: { id: spouse.id, role: 'secondary' },
      account: { id: account.id, deleted: false },
      policies: [{ policyId: policy.policyId, fate: 'deleted' }],
      dealCards: 1,
      files: 1,
    });
    expect(await db().select().from(contacts).where(eq(contacts.id, spouse.id))).toHaveLength(1);
    expect(await db().select().from(dealCards).where(eq(dealCards.contactId, spouse.id))).toHaveLength(1);
    expect(await eventTypes(account.id)).not.toContain('account.contact-deleted');
  });

  it('ACC-3 a confirmed deletion of a secondary deletes it with its deal cards and files and tells the policy service', async () => {
    const { account, primary, spouse } = await householdWithTwoContacts(api);
    await attach(spouse.id);
    const res = await api.deleteContact(spouse.id, { confirm: 'true' }).expect(200);
    expect(res.body.deleted).toMatchObject({ dealCards: 1, files: 1 });
    expect(await db().select().from(contacts).where(eq(contacts.id, spouse.id))).toHaveLength(0);
    expect(await db().select().from(dealCards).where(eq(dealCards.contactId, spouse.id))).toHaveLength(0);
    expect(await db().select().from(contactFiles).where(eq(contactFiles.contactId, spouse.id))).toHaveLength(0);
    expect((await api.getContact(primary.id).expect(200)).body.role).toBe('primary');
    const [deleted] = (await db().select().from(outbox).where(eq(outbox.messageKey, account.id)).orderBy(outbox.seq))
      .map((e) => e.envelope as { type: string; data: Record<string, unknown> })
      .filter((e) => e.type === 'account.contact-deleted');
    expect(deleted!.data).toMatchObject({ contactId: spouse.id, role: 'secondary', newPrimaryContactId: null, accountDeleted: false });
  });

  it('ACC-4 deleting the primary without a new primary lists the candidates and deletes nothing', async () => {
    const { account, primary, spouse } = await householdWithTwoContacts(api);
    const active = await knownPolicy(account.id, primary.id, 'active');
    const lapsed = await knownPolicy(account.id, primary.id, 'cancelled');
    const res = await api.deleteContact(primary.id, { confirm: 'true' }).expect(409);
    expect(res.body.type).toContain('new-primary-required');
    expect(res.body.candidates).toEqual([{ id: spouse.id, role: 'secondary', displayName: 'Jose Rivera' }]);
    const fates = Object.fromEntries(res.body.wouldDelete.policies.map((p: { policyId: string; fate: string }) => [p.policyId, p.fate]));
    expect(fates).toEqual({ [active.policyId]: 'moved-to-new-primary', [lapsed.policyId]: 'deleted' });
    expect((await api.getContact(primary.id).expect(200)).body.role).toBe('primary');

    const elsewhere = (await householdWithTwoContacts(api)).spouse;
    const invalid = await api.deleteContact(primary.id, { confirm: 'true', newPrimaryContactId: elsewhere.id }).expect(422);
    expect(invalid.body.type).toContain('invalid-new-primary');
  });

  it('ACC-4 deleting the primary with a new primary promotes it in the same request and names it for the policy re-mapping', async () => {
    const { account, primary, spouse } = await householdWithTwoContacts(api);
    const res = await api.deleteContact(primary.id, { confirm: 'true', newPrimaryContactId: spouse.id }).expect(200);
    expect(res.body.newPrimaryContactId).toBe(spouse.id);
    expect((await api.getContact(spouse.id).expect(200)).body).toMatchObject({ role: 'primary', relation: null });
    await api.getContact(primary.id).expect(404);
    const rows = await db().select().from(contacts).where(eq(contacts.accountId, account.id));
    expect(rows.map((c) => c.role)).toEqual(['primary']);
    const types = await eventTypes(account.id);
    expect(types.slice(-2)).toEqual(['account.contact-deleted', 'account.primary-contact-changed']);
    const [deleted] = (await db().select().from(outbox).where(eq(outbox.messageKey, account.id)).orderBy(outbox.seq))
      .map((e) => e.envelope as { type: string; data: Record<string, unknown> })
      .filter((e) => e.type === 'account.contact-deleted');
    expect(deleted!.data).toMatchObject({ role: 'primary', newPrimaryContactId: spouse.id });
  });

  it('ACC-5 deleting the last contact removes the account too (policies follow through the event)', async () => {
    const account = (await api.createAccount('Solo').expect(201)).body;
    const only = (await api.addContact(account.id, { firstName: 'Solo', lastName: 'Person' }).expect(201)).body;
    await knownPolicy(account.id, only.id, 'active');
    const preview = await api.deleteContact(only.id).expect(409);
    expect(preview.body.wouldDelete.account).toEqual({ id: account.id, name: 'Solo', deleted: true });
    expect(preview.body.wouldDelete.policies).toHaveLength(1);
    await api.deleteContact(only.id, { confirm: 'true' }).expect(200);
    expect(await db().select().from(accounts).where(eq(accounts.id, account.id))).toHaveLength(0);
    await api.raw('get', `/accounts/${account.id}`).expect(404);
    expect((await eventTypes(account.id)).slice(-2)).toEqual(['account.contact-deleted', 'account.account-deleted']);
  });

  it('X-5 a bad confirmation flag or successor id is a 400 and deletes nothing', async () => {
    const { spouse } = await householdWithTwoContacts(api);
    await api.deleteContact(spouse.id, { confirm: 'yes' }).expect(400);
    await api.deleteContact(spouse.id, { confirm: 'true', newPrimaryContactId: 'nope' }).expect(400);
    await api.getContact(spouse.id).expect(200);
  });
});
