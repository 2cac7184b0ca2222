import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { and, eq } from 'drizzle-orm';
import { topicName } from '@agencyflow/contracts';
import { inbox } from '@agencyflow/db';
import { accountDirectory } from '@agencyflow/policy-service/src/db/schema';
import { eventually, issueToken, readTopic, shortId, testKafka } from '@agencyflow/testing';
import { startTestSystem, type TestSystem } from './support/system';

/**
 * End to end across two services over real Kafka: an account created over HTTP on the
 * account service reaches the policy service's read model through outbox -> Kafka -> inbox.
 */
describe('account service -> Kafka -> policy service', () => {
  let system: TestSystem;
  const tenantId = `tenant-${shortId()}`;

  beforeAll(async () => {
    system = await startTestSystem({ withWorkflows: false });
    await Promise.all(system.policy.runtime.consumers.map((c) => c.ready()));
  });
  afterAll(async () => system?.stop());

  it('X-2 a state change and its outbox event arrive once at the other service, and once only when delivered twice', async () => {
    const token = await issueToken({ tenantId, groups: ['agency-admin'] });
    const created = await request(system.account.url).post('/accounts').set('authorization', `Bearer ${token}`).send({ name: 'Nguyen family' }).expect(201);
    const accountId: string = created.body.id;
    const policyDb = system.policy.database.db;
    const directoryRows = () =>
      policyDb.select().from(accountDirectory).where(and(eq(accountDirectory.tenantId, tenantId), eq(accountDirectory.accountId, accountId)));

    const [row] = await eventually(async () => {
      const rows = await directoryRows();
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(row).toMatchObject({ name: 'Nguyen family', status: 'prospect' });

    // Deliver the very same message again, as a broker redelivery would.
    const kafka = testKafka();
    const topic = topicName(system.prefix, 'account.events');
    const [original] = (await readTopic(kafka, topic, { until: (m) => m.some((x) => x.key?.toString() === accountId) })).filter(
      (m) => m.key?.toString() === accountId,
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: original!.key, value: original!.value, headers: original!.headers }] });
    await producer.disconnect();

    const eventId = JSON.parse(original!.value!.toString()).id as string;
    const inboxRows = () => policyDb.select().from(inbox).where(eq(inbox.eventId, eventId));
    await eventually(async () => expect(await inboxRows()).toHaveLength(1));
    // Let the duplicate be consumed (its offset committed) before judging.
    await eventually(async () => {
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchOffsets({ groupId: `${system.prefix}policy.account-directory`, topics: [topic] });
      await admin.disconnect();
      const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      expect(committed).toBe(2);
    });
    expect(await directoryRows()).toHaveLength(1);
    expect(await inboxRows()).toHaveLength(1);
  });
});
