import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eventually, issueToken, shortId } from '@agencyflow/testing';
import { startTestSystem, type TestSystem } from './support/system';

/**
 * The CRM core end to end, as a user drives it: accounts and contacts on the account service,
 * policies on the policy service, with real Kafka carrying the events between them.
 */
describe('CRM core across the account and policy services', () => {
  let system: TestSystem;
  let token: string;
  const tenantId = `agency-${shortId()}`;

  beforeAll(async () => {
    system = await startTestSystem({ withWorkflows: false });
    await Promise.all([...system.account.runtime.consumers, ...system.policy.runtime.consumers].map((c) => c.ready()));
    token = await issueToken({ tenantId, groups: ['agency-admin'] });
  });
  afterAll(async () => system?.stop());

  const account = (method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
    request(system.account.url)[method](path).set('authorization', `Bearer ${token}`);
  const policy = (method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
    request(system.policy.url)[method](path).set('authorization', `Bearer ${token}`);

  /** An account with a primary and a spouse, known to the policy service (it learns them from events). */
  async function household() {
    const acct = (await account('post', '/accounts').send({ name: `Household ${shortId()}` }).expect(201)).body;
    const primary = (await account('post', `/accounts/${acct.id}/contacts`).send({ firstName: 'Maria', lastName: 'Rivera', dateOfBirth: '1954-03-18' }).expect(201)).body;
    const spouse = (await account('post', `/accounts/${acct.id}/contacts`).send({ firstName: 'Jose', lastName: 'Rivera', relation: 'spouse' }).expect(201)).body;
    return { account: acct, primary, spouse };
  }

  /** Creates a policy, retrying while the policy service has not yet heard of the account (eventual consistency). */
  async function newPolicy(accountId: string, holderId: string, overrides: Record<string, unknown> = {}) {
    return eventually(async () => {
      const res = await policy('post', '/policies').send({
        accountId,
        policyholderContactId: holderId,
        carrier: 'Humana',
        policyNumber: `H${shortId()}`,
        coverageType: 'medicare-advantage',
        effectiveDate: '2026-01-01',
        renewalDate: '2027-01-01',
        premium: '0.00',
        writingAgentNpn: '17234598',
        members: [{ relationship: 'policyholder', firstName: 'Maria', lastName: 'Rivera', contactId: holderId }],
        ...overrides,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    });
  }

  const accountStatus = async (id: string) => (await account('get', `/accounts/${id}`).expect(200)).body.status;

  it('ACC-7 ACC-6 ACC-8 activating a policy answers "Policy activated successfully" and makes the account and its contacts active; cancelling it makes them inactive', async () => {
    const { account: acct, primary } = await household();
    const created = await newPolicy(acct.id, primary.id);
    expect(await accountStatus(acct.id)).toBe('prospect');

    const activated = await policy('post', `/policies/${created.id}/activate`).expect(200);
    expect(activated.body.message).toBe('Policy activated successfully');
    expect(activated.body.policy.status).toBe('active');
    await eventually(async () => expect(await accountStatus(acct.id)).toBe('active'));
    const contacts = (await account('get', `/accounts/${acct.id}/contacts`).expect(200)).body.items;
    expect(contacts.map((c: { status: string }) => c.status)).toEqual(['active', 'active']);

    await policy('post', `/policies/${created.id}/cancel`).expect(200);
    await eventually(async () => expect(await accountStatus(acct.id)).toBe('inactive'));
    const after = (await account('get', `/accounts/${acct.id}/contacts`).expect(200)).body.items;
    expect(after.map((c: { status: string }) => c.status)).toEqual(['inactive', 'inactive']);
  });

  it('ACC-3 deleting a secondary contact deletes its policies in the policy service', async () => {
    const { account: acct, primary, spouse } = await household();
    const spousePolicy = await newPolicy(acct.id, spouse.id, { members: [{ relationship: 'policyholder', firstName: 'Jose', lastName: 'Rivera', contactId: spouse.id }] });
    const primaryPolicy = await newPolicy(acct.id, primary.id);
    const preview = await eventually(async () => {
      const res = await account('delete', `/contacts/${spouse.id}`).expect(409);
      expect(res.body.wouldDelete.policies.map((p: { policyId: string }) => p.policyId)).toEqual([spousePolicy.id]);
      return res.body;
    });
    expect(preview.wouldDelete.contact.id).toBe(spouse.id);
    await policy('get', `/policies/${spousePolicy.id}`).expect(200);

    await account('delete', `/contacts/${spouse.id}`).query({ confirm: 'true' }).expect(200);
    await eventually(async () => policy('get', `/policies/${spousePolicy.id}`).expect(404));
    await policy('get', `/policies/${primaryPolicy.id}`).expect(200);
  });

  it('ACC-4 deleting the primary with a new primary re-maps the account’s active policies to it', async () => {
    const { account: acct, primary, spouse } = await household();
    const active = await newPolicy(acct.id, primary.id);
    await policy('post', `/policies/${active.id}/activate`).expect(200);
    const pending = await newPolicy(acct.id, primary.id);
    await eventually(async () => expect(await accountStatus(acct.id)).toBe('active'));
    await eventually(async () => {
      const res = await account('delete', `/contacts/${primary.id}`).query({ confirm: 'true' }).expect(409);
      expect(res.body.wouldDelete.policies).toHaveLength(2);
    });

    await account('delete', `/contacts/${primary.id}`).query({ confirm: 'true', newPrimaryContactId: spouse.id }).expect(200);
    await eventually(async () => {
      const moved = (await policy('get', `/policies/${active.id}`).expect(200)).body;
      expect(moved.policyholderContactId).toBe(spouse.id);
    });
    await eventually(async () => policy('get', `/policies/${pending.id}`).expect(404));
    const view = await eventually(async () => {
      const body = (await account('get', `/accounts/${acct.id}/360`).expect(200)).body;
      expect(body.policies.map((p: { policyholderContactId: string }) => p.policyholderContactId)).toEqual([spouse.id]);
      return body;
    });
    expect(view.contacts).toMatchObject([{ id: spouse.id, label: 'Primary' }]);
    expect(view.account.status).toBe('active');
  });

  it('ACC-5 deleting the last contact removes the account and its policies', async () => {
    const acct = (await account('post', '/accounts').send({ name: 'Solo' }).expect(201)).body;
    const only = (await account('post', `/accounts/${acct.id}/contacts`).send({ firstName: 'Solo', lastName: 'Person' }).expect(201)).body;
    const held = await newPolicy(acct.id, only.id, { members: [{ relationship: 'policyholder', firstName: 'Solo', lastName: 'Person', contactId: only.id }] });
    await account('delete', `/contacts/${only.id}`).query({ confirm: 'true' }).expect(200);
    await account('get', `/accounts/${acct.id}`).expect(404);
    await eventually(async () => policy('get', `/policies/${held.id}`).expect(404));
  });

  it('ACC-9 the Account 360 history shows changes from both services, newest first', async () => {
    const { account: acct, primary } = await household();
    const created = await newPolicy(acct.id, primary.id);
    await policy('post', `/policies/${created.id}/activate`).expect(200);
    const history = await eventually(async () => {
      const body = (await account('get', `/accounts/${acct.id}/360`).expect(200)).body;
      const types = body.history.map((h: { eventType: string }) => h.eventType);
      expect(types).toContain('policy.policy-changed');
      expect(types).toContain('account.account-status-changed');
      return body.history as Array<{ eventType: string; occurredAt: string; source: string }>;
    });
    expect(history[history.length - 1]!.eventType).toBe('account.account-created');
    const times = history.map((h) => h.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(history.map((h) => h.source))).toEqual(new Set(['account', 'policy']));
  });
});
