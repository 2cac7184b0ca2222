import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Producer } from 'kafkajs';
import { and, eq } from 'drizzle-orm';
import { agentCrmBusinessChangedV1, buildEvent, accountUpdatedV1, topicName, type OutgoingEvent } from '@agencyflow/contracts';
import { inbox } from '@agencyflow/db';
import { createTestTopics, eventually, issueToken, shortId, startTestService, testKafka, type TestService } from '@agencyflow/testing';
import { policyService } from '../src';
import { accountDirectory, contactDirectory, policies, policyMembers } from '../src/db/schema';
import { account, newPolicyBody, outboxEventsOf } from './support/fixtures';

/**
 * Consumer tests over real Kafka: account events produced to the account topic reach the
 * policy service's consumer, which keeps its directories and applies ACC-3/4/5 to policies.
 */
describe('policy service: account events consumer (real Kafka)', () => {
  let service: TestService;
  let topics: Awaited<ReturnType<typeof createTestTopics>>;
  let producer: Producer;
  let editor: string;
  const tenantId = `tenant-${shortId()}`;
  const kafka = testKafka('policy-consumer-test');
  const db = () => service.database.db;

  beforeAll(async () => {
    topics = await createTestTopics(kafka);
    service = await startTestService(policyService, { prefix: topics.prefix, start: true });
    await Promise.all(service.runtime.consumers.map((c) => c.ready()));
    producer = kafka.producer();
    await producer.connect();
    editor = await issueToken({ tenantId, groups: ['agency-admin'] });
  });
  afterAll(async () => {
    await producer?.disconnect();
    await service?.stop();
    await topics?.remove();
  });

  /** Sends events as the account service's relay would: keyed by the account, JSON envelopes. */
  const publish = async (...events: OutgoingEvent[]) => {
    await producer.send({
      topic: topicName(topics.prefix, 'account.events'),
      acks: -1,
      messages: events.map(({ envelope }) => ({ key: envelope.aggregateId, value: JSON.stringify(envelope) })),
    });
  };

  /** Publishes a rename of the account after `events` and waits for it: everything before it on the partition is applied. */
  const publishAndSettle = async (accountId: string, ...events: OutgoingEvent[]) => {
    const marker = `settled-${shortId()}`;
    await publish(
      ...events,
      buildEvent(accountUpdatedV1, { tenantId, aggregateId: accountId, data: { accountId, name: marker, changedBy: 'test' } }),
    );
    await eventually(async () => {
      const [row] = await db().select().from(accountDirectory).where(and(eq(accountDirectory.tenantId, tenantId), eq(accountDirectory.accountId, accountId)));
      // A deleted account keeps its tombstone and ignores renames: then the tombstone is the sign.
      expect(row?.name === marker || row?.deletedAt != null).toBe(true);
    });
  };

  /** An account with a primary and a secondary contact, delivered over Kafka. */
  const household = async () => {
    const ids = { accountId: randomUUID(), primaryContactId: randomUUID(), secondaryContactId: randomUUID() };
    await publishAndSettle(
      ids.accountId,
      account.created(tenantId, ids.accountId),
      account.contactAdded(tenantId, ids.accountId, ids.primaryContactId, 'primary'),
      account.contactAdded(tenantId, ids.accountId, ids.secondaryContactId, 'secondary'),
    );
    return ids;
  };

  const createPolicy = async (accountId: string, overrides: Record<string, unknown>, activate = false) => {
    const res = await request(service.runtime.app).post('/policies').set('authorization', `Bearer ${editor}`).send(newPolicyBody(accountId, overrides));
    expect(res.status).toBe(201);
    if (activate) await request(service.runtime.app).post(`/policies/${res.body.id}/activate`).set('authorization', `Bearer ${editor}`).expect(200);
    return res.body.id as string;
  };
  const policy = async (id: string) => (await db().select().from(policies).where(eq(policies.id, id)))[0];
  const lastEvent = async (id: string) => (await outboxEventsOf(service, id)).at(-1);

  it('X-1 account and contact events build the directories the policy service checks against', async () => {
    const h = await household();
    const contacts = await db().select().from(contactDirectory).where(eq(contactDirectory.accountId, h.accountId));
    expect(contacts.map((c) => [c.contactId, c.role, c.deletedAt]).sort()).toEqual(
      [
        [h.primaryContactId, 'primary', null],
        [h.secondaryContactId, 'secondary', null],
      ].sort(),
    );
    await createPolicy(h.accountId, { policyholderContactId: h.secondaryContactId });
  });

  it('ACC-3 deleting a secondary contact deletes every policy it holds and clears its member links; each deletion publishes policy-deleted', async () => {
    const h = await household();
    const activeOfSecondary = await createPolicy(h.accountId, { policyholderContactId: h.secondaryContactId }, true);
    const pendingOfSecondary = await createPolicy(h.accountId, { policyholderContactId: h.secondaryContactId });
    const primarysWithSpouse = await createPolicy(h.accountId, {
      policyholderContactId: h.primaryContactId,
      members: [
        { relationship: 'policyholder', firstName: 'Maria', lastName: 'Rivera', contactId: h.primaryContactId },
        { relationship: 'spouse', firstName: 'Jose', lastName: 'Rivera', contactId: h.secondaryContactId },
      ],
    });

    await publishAndSettle(h.accountId, account.contactDeleted(tenantId, h.accountId, h.secondaryContactId, { role: 'secondary' }));

    expect(await policy(activeOfSecondary)).toBeUndefined();
    expect(await policy(pendingOfSecondary)).toBeUndefined();
    expect(await lastEvent(activeOfSecondary)).toMatchObject({
      type: 'policy.policy-deleted',
      data: { policyId: activeOfSecondary, revision: 3, reason: 'contact-deleted', policyholderContactId: h.secondaryContactId, deletedBy: 'user-2' },
    });
    expect(await lastEvent(pendingOfSecondary)).toMatchObject({ type: 'policy.policy-deleted', data: { revision: 2, reason: 'contact-deleted' } });

    expect(await policy(primarysWithSpouse)).toMatchObject({ revision: 2, policyholderContactId: h.primaryContactId });
    const members = await db().select().from(policyMembers).where(eq(policyMembers.policyId, primarysWithSpouse));
    expect(members.map((m) => [m.relationship, m.contactId]).sort()).toEqual([
      ['policyholder', h.primaryContactId],
      ['spouse', null],
    ]);
    expect(await lastEvent(primarysWithSpouse)).toMatchObject({
      data: { change: 'updated', revision: 2, memberContactIds: [h.primaryContactId] },
    });

    // The deleted contact can no longer be named on a policy.
    const res = await request(service.runtime.app)
      .post('/policies')
      .set('authorization', `Bearer ${editor}`)
      .send(newPolicyBody(h.accountId, { policyholderContactId: h.secondaryContactId }));
    expect(res.status).toBe(422);
  });

  it('ACC-4 deleting the primary with a new primary re-maps the policies the account service moves (its active ones) and deletes its others', async () => {
    const h = await household();
    const active = await createPolicy(h.accountId, { policyholderContactId: h.primaryContactId }, true);
    const pending = await createPolicy(h.accountId, { policyholderContactId: h.primaryContactId });
    const cancelled = await createPolicy(h.accountId, { policyholderContactId: h.primaryContactId }, true);
    await request(service.runtime.app).post(`/policies/${cancelled}/cancel`).set('authorization', `Bearer ${editor}`).expect(200);
    const secondarys = await createPolicy(h.accountId, { policyholderContactId: h.secondaryContactId }, true);

    await publishAndSettle(
      h.accountId,
      account.contactDeleted(tenantId, h.accountId, h.primaryContactId, { role: 'primary', newPrimaryContactId: h.secondaryContactId, movedPolicyIds: [active] }),
    );

    expect(await policy(active)).toMatchObject({ status: 'active', policyholderContactId: h.secondaryContactId, revision: 3 });
    expect(await lastEvent(active)).toMatchObject({
      type: 'policy.policy-changed',
      data: { change: 'reassigned', revision: 3, policyholderContactId: h.secondaryContactId, status: 'active' },
    });
    expect(await policy(pending)).toBeUndefined();
    expect(await policy(cancelled)).toBeUndefined();
    expect(await lastEvent(cancelled)).toMatchObject({ type: 'policy.policy-deleted', data: { reason: 'contact-deleted', revision: 4 } });
    expect(await policy(secondarys)).toMatchObject({ revision: 2, policyholderContactId: h.secondaryContactId });

    const [newPrimary] = await db().select().from(contactDirectory).where(eq(contactDirectory.contactId, h.secondaryContactId));
    expect(newPrimary).toMatchObject({ role: 'primary', deletedAt: null });
    // A policy created now defaults to the new primary.
    const later = await createPolicy(h.accountId, {});
    expect(await policy(later)).toMatchObject({ policyholderContactId: h.secondaryContactId });
  });

  it('ACC-5 deleting the account deletes all of its policies, each with policy-deleted "account-deleted"', async () => {
    const h = await household();
    const ids = [
      await createPolicy(h.accountId, { policyholderContactId: h.primaryContactId }, true),
      await createPolicy(h.accountId, { policyholderContactId: h.secondaryContactId }),
    ];
    const elsewhere = await household();
    const survivor = await createPolicy(elsewhere.accountId, {});

    await publishAndSettle(
      h.accountId,
      account.contactDeleted(tenantId, h.accountId, h.secondaryContactId, { role: 'secondary' }),
      account.contactDeleted(tenantId, h.accountId, h.primaryContactId, { role: 'primary', accountDeleted: true }),
      account.deleted(tenantId, h.accountId),
    );

    for (const id of ids) expect(await policy(id)).toBeUndefined();
    expect(await lastEvent(ids[0]!)).toMatchObject({ type: 'policy.policy-deleted', data: { reason: 'contact-deleted' } });
    const remaining = await db().select().from(policies).where(eq(policies.accountId, h.accountId));
    expect(remaining).toEqual([]);
    expect(await policy(survivor)).toMatchObject({ revision: 1 });
    const res = await request(service.runtime.app).post('/policies').set('authorization', `Bearer ${editor}`).send(newPolicyBody(h.accountId));
    expect(res.body.type).toBe('https://agencyflow.dev/problems/unknown-account');
  });

  it('X-2 a business deleted by its provisioning’s compensation takes its tenant’s accounts and contacts out of the directory (one event)', async () => {
    const businessId = randomUUID();
    const accountId = randomUUID();
    const contactId = randomUUID();
    await publish(account.created(businessId, accountId), account.contactAdded(businessId, accountId, contactId, 'primary'));
    const rows = async () => ({
      accounts: await db().select().from(accountDirectory).where(eq(accountDirectory.tenantId, businessId)),
      contacts: await db().select().from(contactDirectory).where(eq(contactDirectory.tenantId, businessId)),
    });
    await eventually(async () => expect((await rows()).contacts).toHaveLength(1));

    await publish(
      buildEvent(agentCrmBusinessChangedV1, {
        tenantId: 'fmo-x',
        aggregateId: businessId,
        data: {
          businessId, fmoTenantId: 'fmo-x', name: 'Gone Agency', kind: 'agency', state: 'deleted',
          policySyncEnabled: true, userNpns: ['1234567'], change: 'deleted', changedBy: 'compensation',
        },
      }),
    );
    await eventually(async () => {
      const { accounts, contacts } = await rows();
      expect([...accounts, ...contacts].every((r) => r.deletedAt !== null)).toBe(true);
    });
  });

  it('ACC-5 an account-deleted event alone removes every policy of the account', async () => {
    const h = await household();
    const ids = [await createPolicy(h.accountId, {}, true), await createPolicy(h.accountId, { policyholderContactId: h.secondaryContactId })];
    await publishAndSettle(h.accountId, account.deleted(tenantId, h.accountId));
    for (const id of ids) {
      expect(await policy(id)).toBeUndefined();
      expect(await lastEvent(id)).toMatchObject({ type: 'policy.policy-deleted', data: { reason: 'account-deleted', deletedBy: 'user-2' } });
    }
  });

  it('X-2 the same contact-deleted delivered twice has one effect; a late contact-added does not bring the contact back', async () => {
    const h = await household();
    const doomed = await createPolicy(h.accountId, { policyholderContactId: h.secondaryContactId });
    const linked = await createPolicy(h.accountId, {
      members: [{ relationship: 'dependent', firstName: 'Ana', lastName: 'Rivera', contactId: h.secondaryContactId }],
    });
    const deletion = account.contactDeleted(tenantId, h.accountId, h.secondaryContactId, { role: 'secondary' });

    await publishAndSettle(h.accountId, deletion, deletion);

    const doomedEvents = await outboxEventsOf(service, doomed);
    expect(doomedEvents.map((e) => e.type)).toEqual(['policy.policy-changed', 'policy.policy-deleted']);
    expect((await outboxEventsOf(service, linked)).map((e) => e.data.revision)).toEqual([1, 2]);
    expect(await policy(linked)).toMatchObject({ revision: 2 });
    const seen = await db()
      .select()
      .from(inbox)
      .where(eq(inbox.eventId, deletion.envelope.id));
    expect(seen).toHaveLength(1);

    // A late, re-sent contact-added (a new event id) finds the tombstone: the contact stays deleted.
    await publishAndSettle(h.accountId, account.contactAdded(tenantId, h.accountId, h.secondaryContactId, 'secondary'));
    const [contact] = await db().select().from(contactDirectory).where(eq(contactDirectory.contactId, h.secondaryContactId));
    expect(contact!.deletedAt).not.toBeNull();
    expect((await outboxEventsOf(service, linked)).map((e) => e.data.revision)).toEqual([1, 2]);
  });
});
