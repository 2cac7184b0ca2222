import request from 'supertest';
import { accountService } from '@agencyflow/account-service';
import { startAmsSimulator, type AmsKind, type AmsRecord, type AmsSimulator, type CallLogEntry, type TenantSettings } from '@agencyflow/ams-simulator';
import { amsInboundScheduleId } from '@agencyflow/contracts';
import { createTestTopics, eventually, issueToken, shortId, startTestService, testKafka, type TestService } from '@agencyflow/testing';
import { startWorkflowWorker } from './workflow-worker';

/** Credentials each dialect's simulated tenant accepts (development only). */
export const simulatorCredentials: Record<AmsKind, string> = { ams360: 'ams360-token', qqcatalyst: 'qq-token', nowcerts: 'nc-token', hawksoft: 'user:secret' };

/**
 * What an AMS sync test runs on: the account service (HTTP, relay, the ams-sync-requests
 * consumer, its activity worker) and the workflow worker on this file's own database, topics and
 * task queues against the real infrastructure, and the AMS simulator on a free port.
 */
export async function startAmsRig(env: Record<string, string> = {}) {
  const topics = await createTestTopics(testKafka());
  const account = await startTestService(accountService, {
    prefix: topics.prefix,
    env: { AMS_CALL_TIMEOUT_MS: '2000', AMS_RETRY_WINDOW_SECONDS: '60', ...env },
  });
  await Promise.all(account.runtime.consumers.map((c) => c.ready()));
  let worker: Awaited<ReturnType<typeof startWorkflowWorker>> | undefined = await startWorkflowWorker(topics.prefix);
  const simulator = await startAmsSimulator();
  const tenants: string[] = [];
  return {
    prefix: topics.prefix,
    tenants,
    account,
    simulator,
    workflows: {
      async halt() {
        await worker?.stop();
        worker = undefined;
      },
      async resume() {
        worker = await startWorkflowWorker(topics.prefix);
      },
    },
    async stop() {
      // Connecting made each tenant an inbound Schedule on the shared Temporal: none outlives the test.
      const { client } = account.runtime.deps.temporal;
      await Promise.all(tenants.map((t) => client.schedule.getHandle(amsInboundScheduleId(t)).delete().catch(() => undefined)));
      await worker?.stop();
      await simulator.stop();
      await account.stop();
      await topics.remove();
    },
  };
}
export type AmsRig = Awaited<ReturnType<typeof startAmsRig>>;

/** A tenant of the rig: a user with ams:sync (agency-admin) over HTTP, and its tenant in the simulator. */
export async function amsTenant(rig: { account: Pick<TestService, 'url'>; simulator: AmsSimulator; tenants?: string[] }, kind: AmsKind, settings: TenantSettings & { rateLimitPerSecond?: number } = {}) {
  const tenantId = `agency-${shortId()}`;
  rig.tenants?.push(tenantId);
  const token = await issueToken({ tenantId, groups: ['agency-admin'] });
  const api = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => request(rig.account.url)[method](path).set('authorization', `Bearer ${token}`);
  const sim = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${rig.simulator.url}/admin${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
  const { rateLimitPerSecond, ...simSettings } = settings;
  await sim(`/tenants/${tenantId}`, 'PUT', { kind, credentials: simulatorCredentials[kind], ...simSettings });

  const tenant = {
    tenantId,
    token,
    api,
    sim,
    baseUrl: rig.simulator.baseUrl(kind, tenantId),
    async connect(overrides: Record<string, unknown> = {}) {
      return api('put', '/ams/connection')
        .send({ kind, baseUrl: rig.simulator.baseUrl(kind, tenantId), credentials: simulatorCredentials[kind], pollIntervalSeconds: 3600, rateLimitPerSecond: rateLimitPerSecond ?? 50, ...overrides })
        .expect(200);
    },
    /** An account with a primary and `secondaries` secondary contacts, in that order. */
    async household(secondaries = 2, primaryFields: Record<string, unknown> = {}) {
      const account = (await api('post', '/accounts').send({ name: `Household ${shortId()}` }).expect(201)).body as { id: string };
      const primary = (await api('post', `/accounts/${account.id}/contacts`).send({ firstName: 'Maria', lastName: 'Rivera', email: 'maria@example.com', cellPhone: '(555) 201-0001', ...primaryFields }).expect(201)).body as { id: string };
      const others: Array<{ id: string }> = [];
      for (let i = 0; i < secondaries; i++) {
        others.push((await api('post', `/accounts/${account.id}/contacts`).send({ firstName: `Kid${i}`, lastName: 'Rivera', relation: 'child' }).expect(201)).body);
      }
      return { account, primary, secondaries: others };
    },
    /** Asks for a sync and answers the request id (202). */
    async request(action: 'add' | 'sync' | 'account', id: string): Promise<string> {
      const path = action === 'account' ? `/accounts/${id}/ams/sync` : `/contacts/${id}/ams/${action}`;
      const res = await api('post', path).expect(202);
      return res.body.requestId as string;
    },
    /** Waits until the request has run, and answers it as GET /ams/sync-requests/{id} does. */
    async finished(requestId: string, timeoutMs = 60_000) {
      return eventually(
        async () => {
          const body = (await api('get', `/ams/sync-requests/${requestId}`).expect(200)).body;
          // Plain (not vitest's expect): the benchmark runs this outside vitest.
          if (body.state !== 'completed') throw new Error(`request ${requestId} is ${body.state}`);
          return body as { state: string; requestedAt: string; startedAt: string; finishedAt: string; contacts: Array<{ contactId: string; state: string; amsId: string | null; message: string | null }> };
        },
        { timeoutMs, intervalMs: 200 },
      );
    },
    async syncState(contactId: string) {
      return (await api('get', `/contacts/${contactId}/360`).expect(200)).body.amsSync as { state: string; amsId: string | null; syncedAt: string | null; message: string | null };
    },
    async records(): Promise<AmsRecord[]> {
      return ((await sim(`/tenants/${tenantId}/records`)) as { records: AmsRecord[] }).records;
    },
    async calls(): Promise<CallLogEntry[]> {
      return ((await sim(`/calls?tenant=${encodeURIComponent(tenantId)}`)) as { calls: CallLogEntry[] }).calls;
    },
  };
  return tenant;
}
export type AmsTenant = Awaited<ReturnType<typeof amsTenant>>;
