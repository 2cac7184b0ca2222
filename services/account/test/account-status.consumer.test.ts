import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { inbox } from '@agencyflow/db';
import { createTestTopics, eventually, issueToken, shortId, startTestService, testKafka, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';
import { contacts, outbox } from '../src/db/schema';
import { policyEventPublisher } from './policy-events';
import { accountApi, householdWithTwoContacts } from './support';

/** The account service consuming real policy events from real Kafka (ACC-6, ACC-7, ACC-8, X-2). */
describe('account status follows policies', () => {
  let service: TestService;
  let api: ReturnType<typeof accountApi>;
  let publisher: ReturnType<typeof policyEventPublisher>;
  let topics: Awaited<ReturnType<typeof createTestTopics>>;
  const tenantId = `tenant-${shortId()}`;
  const kafka = testKafka();

  beforeAll(async () => {
    topics = await createTestTopics(kafka);
    service = await startTestService(accountService, { prefix: topics.prefix });
    await Promise.all(service.runtime.consumers.map((c) => c.ready()));
    api = accountApi(service.url, await issueToken({ tenantId, groups: ['agency-admin'] }));
    publisher = policyEventPublisher(kafka, topics.prefix, tenantId);
  });
  afterAll(async () => {
    await publisher?.close();
    await service?.stop();
    await topics?.remove();
  });

  const summaries = () => `${topics.prefix}account.policy-summaries`;
  const statusOf = async (accountId: string) => (await api.raw('get', `/accounts/${accountId}`).expect(200)).body.status;
  const contactStatuses = async (accountId: string) =>
    (await service.database.db.select().from(contacts).where(eq(contacts.accountId, accountId))).map((c) => c.status);
  const statusEvents = async (accountId: string) =>
    (await service.database.db.select().from(outbox).where(eq(outbox.messageKey, accountId)).orderBy(outbox.seq))
      .map((e) => e.envelope as { type: string; data: { status: string; cause: string } })
      .filter((e) => e.type === 'account.account-status-changed')
      .map((e) => `${e.data.status}:${e.data.cause}`);

  it('ACC-6 ACC-7 an activated policy makes its account and all its contacts active', async () => {
    const { account, primary } = await householdWithTwoContacts(api);
    const policy = publisher.newPolicy(account.id, primary.id);
    await publisher.changed(policy);
    await publisher.changed({ ...policy, revision: 2, change: 'activated', status: 'active', previousStatus: 'pending' });
    await eventually(async () => expect(await statusOf(account.id)).toBe('active'));
    expect(await contactStatuses(account.id)).toEqual(['active', 'active']);
    expect(await statusEvents(account.id)).toEqual(['active:policies']);
  });

  it('ACC-6 when the last active policy is cancelled or archived the account becomes inactive', async () => {
    const { account, primary, spouse } = await householdWithTwoContacts(api);
    const first = publisher.newPolicy(account.id, primary.id, { status: 'active', change: 'activated' });
    const second = publisher.newPolicy(account.id, spouse.id, { status: 'active', change: 'activated' });
    await publisher.changed(first);
    await publisher.changed(second);
    await eventually(async () => expect(await statusOf(account.id)).toBe('active'));
    await publisher.changed({ ...first, revision: 2, change: 'cancelled', status: 'cancelled', previousStatus: 'active' });
    // One active policy remains: still active.
    await eventually(async () => {
      const view = (await api.account360(account.id).expect(200)).body;
      expect(view.policies.find((p: { policyId: string }) => p.policyId === first.policyId).status).toBe('cancelled');
    });
    expect(await statusOf(account.id)).toBe('active');
    await publisher.changed({ ...second, revision: 2, change: 'archived', status: 'archived', previousStatus: 'active' });
    await eventually(async () => expect(await statusOf(account.id)).toBe('inactive'));
    expect(await contactStatuses(account.id)).toEqual(['inactive', 'inactive']);
    expect(await statusEvents(account.id)).toEqual(['active:policies', 'inactive:policies']);
  });

  it('X-2 a late (older revision) or repeated policy event changes nothing', async () => {
    const { account, primary } = await householdWithTwoContacts(api);
    const policy = publisher.newPolicy(account.id, primary.id, { status: 'active', change: 'activated' });
    const activated = await publisher.changed(policy);
    await eventually(async () => expect(await statusOf(account.id)).toBe('active'));
    await publisher.changed({ ...policy, revision: 3, change: 'cancelled', status: 'cancelled', previousStatus: 'active' });
    await eventually(async () => expect(await statusOf(account.id)).toBe('inactive'));
    // Revision 2 arrives late, and revision 1 is delivered a second time.
    const late = await publisher.changed({ ...policy, revision: 2, change: 'updated', status: 'active' });
    await publisher.redeliver(activated);
    await eventually(async () => {
      const seen = await service.database.db.select().from(inbox).where(and(eq(inbox.eventId, late.id), eq(inbox.consumer, summaries())));
      expect(seen).toHaveLength(1);
    });
    await eventually(async () => {
      const rows = await service.database.db.select().from(inbox).where(and(eq(inbox.eventId, activated.id), eq(inbox.consumer, summaries())));
      expect(rows).toHaveLength(1);
    });
    expect(await statusOf(account.id)).toBe('inactive');
    expect(await statusEvents(account.id)).toEqual(['active:policies', 'inactive:policies']);
  });

  it('ACC-6 a deleted policy counts as gone: the account becomes inactive', async () => {
    const { account, primary } = await householdWithTwoContacts(api);
    const policy = publisher.newPolicy(account.id, primary.id, { status: 'active', change: 'activated' });
    await publisher.changed(policy);
    await eventually(async () => expect(await statusOf(account.id)).toBe('active'));
    await publisher.deleted(policy, 2);
    await eventually(async () => expect(await statusOf(account.id)).toBe('inactive'));
  });

  it('ACC-8 a user status change cascades to every contact, and a contact added later takes the account status', async () => {
    const { account } = await householdWithTwoContacts(api);
    await api.patchAccount(account.id, { status: 'inactive' }).expect(200);
    expect(await contactStatuses(account.id)).toEqual(['inactive', 'inactive']);
    const later = (await api.addContact(account.id, { firstName: 'Late', lastName: 'Comer', relation: 'child' }).expect(201)).body;
    expect(later.status).toBe('inactive');
    await api.patchAccount(account.id, { status: 'prospect' }).expect(200);
    expect(await contactStatuses(account.id)).toEqual(['prospect', 'prospect', 'prospect']);
    expect(await statusEvents(account.id)).toEqual(['inactive:user', 'prospect:user']);
  });

  it('ACC-6 a user cannot set an account with an active policy to inactive, nor set active by hand', async () => {
    const { account, primary } = await householdWithTwoContacts(api);
    await publisher.changed(publisher.newPolicy(account.id, primary.id, { status: 'active', change: 'activated' }));
    await eventually(async () => expect(await statusOf(account.id)).toBe('active'));
    const refused = await api.patchAccount(account.id, { status: 'inactive' }).expect(409);
    expect(refused.body.detail).toMatch(/1 active policy/);
    await api.patchAccount(account.id, { status: 'active' }).expect(400);
    expect(await statusOf(account.id)).toBe('active');
  });

  it('ACC-9 the Account 360 and Contact 360 views show contacts, policies and the history of every change, newest first', async () => {
    const { account, primary, spouse } = await householdWithTwoContacts(api);
    const policy = publisher.newPolicy(account.id, spouse.id, { memberContactIds: [spouse.id, primary.id] });
    await publisher.changed(policy);
    await publisher.changed({ ...policy, revision: 2, change: 'activated', status: 'active', previousStatus: 'pending' });
    await api.raw('post', `/contacts/${spouse.id}/deal-cards`).send({ title: 'Dental upsell' }).expect(201);

    const view = await eventually(async () => {
      const body = (await api.account360(account.id).expect(200)).body;
      expect(body.history.map((h: { eventType: string }) => h.eventType)).toContain('account.account-status-changed');
      expect(body.history.map((h: { eventType: string }) => h.eventType)).toContain('account.contact-attachment-added');
      return body;
    });
    expect(view.account).toMatchObject({ id: account.id, status: 'active' });
    expect(view.contacts.map((c: { label: string; relation: string | null }) => [c.label, c.relation])).toEqual([
      ['Primary', null],
      ['Secondary', 'spouse'],
    ]);
    expect(view.policies).toHaveLength(1);
    const times = view.history.map((h: { occurredAt: string }) => h.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(view.history.map((h: { source: string }) => h.source)).toEqual(expect.arrayContaining(['account', 'policy']));

    const contactView = (await api.contact360(spouse.id).expect(200)).body;
    expect(contactView.contact).toMatchObject({ id: spouse.id, label: 'Secondary', relation: 'spouse' });
    expect(contactView.account.id).toBe(account.id);
    expect(contactView.policies.map((p: { policyId: string }) => p.policyId)).toEqual([policy.policyId]);
    expect(contactView.dealCards.map((d: { title: string }) => d.title)).toEqual(['Dental upsell']);
    expect(contactView.history.length).toBeGreaterThan(0);
    // The primary is a member of the policy too, so it shows in its view.
    expect((await api.contact360(primary.id).expect(200)).body.policies).toHaveLength(1);
  });
});

describe('account status across a consumer restart', () => {
  it('X-2 ACC-6 a consumer stopped in the middle of a stream of policy events and restarted applies each exactly once', async () => {
    const kafka = testKafka();
    const topics = await createTestTopics(kafka);
    const service = await startTestService(accountService, { prefix: topics.prefix });
    const tenantId = `tenant-${shortId()}`;
    const publisher = policyEventPublisher(kafka, topics.prefix, tenantId);
    try {
      await Promise.all(service.runtime.consumers.map((c) => c.ready()));
      const api = accountApi(service.url, await issueToken({ tenantId, groups: ['agency-admin'] }));
      const households = await Promise.all(Array.from({ length: 10 }, () => householdWithTwoContacts(api)));
      // Ten accounts, each with a policy activated then cancelled: 20 events, ending inactive.
      const policies = households.map(({ account, primary }) => publisher.newPolicy(account.id, primary.id, { status: 'active', change: 'activated' }));
      for (const policy of policies.slice(0, 5)) await publisher.changed(policy);
      const consumer = `${topics.prefix}account.policy-summaries`;
      const applied = async () =>
        (await service.database.db.select().from(inbox).where(eq(inbox.consumer, consumer))).length;
      await eventually(async () => expect(await applied()).toBeGreaterThanOrEqual(1));

      await service.halt(); // mid-stream: the rest is published while it is down
      for (const policy of policies.slice(5)) await publisher.changed(policy);
      for (const policy of policies) await publisher.changed({ ...policy, revision: 2, change: 'cancelled', status: 'cancelled', previousStatus: 'active' });
      await service.resume();

      await eventually(async () => expect(await applied()).toBe(20), { timeoutMs: 30_000 });
      for (const { account } of households) {
        const events = (await service.database.db.select().from(outbox).where(eq(outbox.messageKey, account.id)).orderBy(outbox.seq))
          .map((e) => e.envelope as { type: string; data: { status: string } })
          .filter((e) => e.type === 'account.account-status-changed')
          .map((e) => e.data.status);
        expect(events).toEqual(['active', 'inactive']);
      }
    } finally {
      await publisher.close();
      await service.stop();
      await topics.remove();
    }
  });
});
