import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { count, eq } from 'drizzle-orm';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowFailedError } from '@temporalio/client';
import { accountService } from '@agencyflow/account-service';
import { agentCrmBusinesses, agentCrmUsers, contacts, outbox } from '@agencyflow/account-service/src/db/schema';
import {
  deterministicUuid,
  failureTypes,
  taskQueues,
  type AgentCrmPolicyActivities,
  type CopyPolicyPageResult,
} from '@agencyflow/contracts';
import { connectWorker, createActivityWorker } from '@agencyflow/temporal';
import { createTestTopics, issueToken, shortId, startTestService, testEnvironment, testKafka, type TestService } from '@agencyflow/testing';
import { devCodec, startWorkflowWorker } from './support/workflow-worker';

/**
 * The provisioning saga's compensations, with the real account service and workflow worker and
 * a typed fake of the policy service's activities that fails on the second page.
 */
describe('provisioning saga', () => {
  let account: TestService;
  let workflows: Awaited<ReturnType<typeof startWorkflowWorker>>;
  let fakePolicy: { stop(): Promise<void> };
  let topics: Awaited<ReturnType<typeof createTestTopics>>;
  const purged: string[] = [];

  beforeAll(async () => {
    topics = await createTestTopics(testKafka());
    account = await startTestService(accountService, { prefix: topics.prefix });
    workflows = await startWorkflowWorker(topics.prefix);
    let pages = 0;
    const activities: AgentCrmPolicyActivities = {
      async copyPolicyPage(input): Promise<CopyPolicyPageResult> {
        pages += 1;
        if (pages > 1) throw ApplicationFailure.create({ type: failureTypes.validation, message: 'carrier data unreadable', nonRetryable: true });
        const holder = deterministicUuid('person', input.businessId, 'p1');
        const accountId = deterministicUuid('account', input.businessId, 'p1');
        return {
          policies: 1, inserted: 1, updated: 0, unchanged: 0, perNpn: { [input.npns[0]!]: 1 }, nextCursor: 'page-2',
          members: [{ contactId: holder, accountId, role: 'primary', relation: null, firstName: 'Pat', lastName: 'Page', dateOfBirth: '1950-01-01',
            gender: 'female', email: null, phone: null, addressLine1: null, city: null, state: 'FL', zip: null, mbi: null }],
        };
      },
      async purgeBusinessPolicies({ businessId }) {
        purged.push(businessId);
        return { deleted: 1 };
      },
    };
    const connection = await connectWorker(testEnvironment.temporalAddress);
    const worker = await createActivityWorker({ connection, namespace: 'default', taskQueue: taskQueues(topics.prefix).policy, activities, codec: devCodec() });
    const running = worker.run();
    fakePolicy = { stop: async () => (worker.shutdown(), await running, await connection.close()) };
  });
  afterAll(async () => {
    await fakePolicy?.stop();
    await workflows?.stop();
    await account?.stop();
    await topics?.remove();
  });

  it('PS-3 a provisioning that fails during the sync undoes what it made: synced policies, contacts, the business and its users', async () => {
    const fmo = `fmo-${shortId()}`;
    const token = await issueToken({ tenantId: fmo, groups: ['fmo-admin'] });
    const email = `saga.${shortId()}@x.example`;
    const started = await request(account.url)
      .post('/agent-crm/businesses')
      .set('authorization', `Bearer ${token}`)
      .send({ name: 'Doomed Agency', kind: 'agent', users: [{ name: 'Sam Saga', email, npn: '3141592' }], policySyncEnabled: true })
      .expect(202);
    const { businessId, workflowId } = started.body;

    const handle = account.runtime.deps.temporal.client.workflow.getHandle(workflowId);
    const failure = await handle.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);

    const { db } = account.database;
    expect(await db.select().from(agentCrmBusinesses).where(eq(agentCrmBusinesses.id, businessId))).toHaveLength(0);
    expect(await db.select().from(agentCrmUsers).where(eq(agentCrmUsers.email, email))).toHaveLength(0);
    const [left] = await db.select({ n: count() }).from(contacts).where(eq(contacts.tenantId, businessId));
    expect(left!.n).toBe(0);
    expect(purged).toEqual([businessId]);
    // The first page had made a contact (its event is in the outbox) before the compensation removed it.
    const events = (await db.select().from(outbox)).map((o) => o.envelope as { type: string; tenantId: string; data: { state?: string } });
    expect(events.some((e) => e.type === 'account.contact-added' && e.tenantId === businessId)).toBe(true);
    expect(events.filter((e) => e.type === 'account.agent-crm-business-changed').map((e) => e.data.state)).toEqual(['provisioning', 'deleted']);
    // The email is free again: nothing is half-created.
    await request(account.url).get(`/agent-crm/businesses/${businessId}`).set('authorization', `Bearer ${token}`).expect(404);
  });
});
