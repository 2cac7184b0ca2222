import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  syncedPageColumns,
  taskQueues,
  type AgentCrmPolicyActivities,
  type CopyPolicyPageResult,
} from '@agencyflow/contracts';
import { connectWorker, createActivityWorker } from '@agencyflow/temporal';
import { createTestTopics, eventually, issueToken, shortId, startTestService, testEnvironment, testKafka, type TestService } from '@agencyflow/testing';
import { agentCrmApi } from './support/agent-crm';
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
  let fakeTransfer: Server;

  beforeAll(async () => {
    topics = await createTestTopics(testKafka());
    // The first page's copy, as the policy service would stream it: one policy, its holder Pat.
    fakeTransfer = createServer((req, res) => {
      const tenant = JSON.parse(Buffer.from(req.headers.authorization!.split('.')[1]!, 'base64url').toString()).tenant as string;
      const line: Record<string, string> = {
        policy_id: deterministicUuid('policy', tenant), revision: '1', carrier: 'Acme', policy_number: 'P-1', coverage_type: 'medicare-advantage',
        status: 'active', effective_date: '2026-01-01', renewal_date: '\\N', premium: '0.00', account_id: deterministicUuid('account', tenant, 'p1'),
        policyholder_contact_id: deterministicUuid('person', tenant, 'p1'), synced_from: deterministicUuid('source', 'p1'), member_key: 'policyholder',
        relationship: 'policyholder', contact_id: deterministicUuid('person', tenant, 'p1'), first_name: 'Pat', last_name: 'Page',
        date_of_birth_enc: '\\N', gender: 'female', email: '\\N', phone: '\\N', address_line1: '\\N', city: '\\N', state: 'FL', zip: '\\N',
        mbi_enc: '\\N', member_fingerprint: 'fp-1',
      };
      res.end(`${syncedPageColumns.map(([name]) => line[name]).join('\t')}\n`);
    });
    await new Promise<void>((resolve) => fakeTransfer.listen(0, '127.0.0.1', resolve));
    const transferUrl = `http://127.0.0.1:${(fakeTransfer.address() as AddressInfo).port}`;
    account = await startTestService(accountService, { prefix: topics.prefix, env: { POLICY_SERVICE_URL: transferUrl } });
    workflows = await startWorkflowWorker(topics.prefix);
    const activities: AgentCrmPolicyActivities = {
      async copyPolicyPage(input): Promise<CopyPolicyPageResult> {
        // The first page copies one policy; the next one fails for good.
        if (input.after !== null) throw ApplicationFailure.create({ type: failureTypes.validation, message: 'carrier data unreadable', nonRetryable: true });
        const through = deterministicUuid('source', 'p1');
        return { policies: 1, inserted: 1, updated: 0, unchanged: 0, members: 1, perNpn: { [input.npns[0]!]: 1 }, through, nextCursor: through };
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
    await new Promise((resolve) => fakeTransfer?.close(resolve));
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
    // The saga's step is its phase in the Temporal UI: it went through compensating and ended failed.
    expect((await handle.describe()).searchAttributes).toMatchObject({ RunKind: ['agent-crm-provisioning'], RunPhase: ['failed'], BusinessId: [businessId] });
    const history = (await handle.fetchHistory()).events ?? [];
    const phases = history.flatMap((e) => {
      const indexed = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.RunPhase;
      return indexed?.data ? [JSON.parse(Buffer.from(indexed.data).toString()) as string] : [];
    });
    expect(phases).toEqual(['creating-business', 'syncing-policies', 'compensating', 'failed']);

    const { db } = account.database;
    expect(await db.select().from(agentCrmBusinesses).where(eq(agentCrmBusinesses.id, businessId))).toHaveLength(0);
    expect(await db.select().from(agentCrmUsers).where(eq(agentCrmUsers.email, email))).toHaveLength(0);
    const [left] = await db.select({ n: count() }).from(contacts).where(eq(contacts.tenantId, businessId));
    expect(left!.n).toBe(0);
    expect(purged).toEqual([businessId]);
    // The first page had made a contact (its event is in the outbox) before the compensation removed it.
    const events = (await db.select().from(outbox)).map((o) => o.envelope as { type: string; tenantId: string; data: { state?: string } });
    expect(events.some((e) => e.type === 'account.policy-sync-page-applied' && e.tenantId === businessId)).toBe(true);
    expect(events.filter((e) => e.type === 'account.agent-crm-business-changed').map((e) => e.data.state)).toEqual(['provisioning', 'deleted']);
    // The email is free again: nothing is half-created.
    await request(account.url).get(`/agent-crm/businesses/${businessId}`).set('authorization', `Bearer ${token}`).expect(404);
  });

  it('PS-7 a sync that fails for good records its run as failed, with the reason, never "running" forever', async () => {
    const fmo = `fmo-${shortId()}`;
    const api = agentCrmApi(
      { account } as unknown as Parameters<typeof agentCrmApi>[0],
      await issueToken({ tenantId: fmo, groups: ['fmo-admin'] }),
    );
    const { businessId } = (
      await api.provision({ name: 'Later Sync Agency', kind: 'agent', users: [{ name: 'Lee Later', email: `later.${shortId()}@x.example`, npn: '2718281' }], policySyncEnabled: false }).expect(202)
    ).body;
    await api.settled(businessId, { runs: 0 });
    await api.setPolicySync(businessId, true).expect(202);
    const body = await eventually(async () => {
      const current = (await api.business(businessId).expect(200)).body;
      if (current.runs[0]?.state !== 'failed') throw new Error(`run not failed yet: ${current.runs[0]?.state}`);
      return current;
    }, { timeoutMs: 30_000 });
    expect(body.runs[0]).toMatchObject({ state: 'failed', reason: 'copyPolicyPage failed (ValidationFailed) after its retries' });
    expect(body.runs[0].finishedAt).toBeTruthy();
    // The page that was applied before the failure counts in the report.
    expect(body.runs[0]).toMatchObject({ pages: 1, policies: 1, contactsCreated: 1 });
    expect(body.business.state).toBe('active');
  });
});

