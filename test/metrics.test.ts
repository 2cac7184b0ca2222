import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eventually, issueToken, shortId, testEnvironment } from '@agencyflow/testing';
import { startTestSystem, type TestSystem } from './support/system';

/** The value of the first sample of `metric` whose labels include all of `labels`, or undefined. */
function sample(text: string, metric: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Issue 13: /metrics in Prometheus format on every service and on the workflow worker. */
describe('metrics', () => {
  let system: TestSystem;
  const tenantId = `metrics-${shortId()}`;

  beforeAll(async () => {
    system = await startTestSystem({ withWorkflows: false });
    await Promise.all([system.account, system.policy].flatMap((s) => s.runtime.consumers).map((c) => c.ready()));
  });
  afterAll(async () => system?.stop());

  it('a service’s /metrics counts requests by declared route, and shows its outbox, its consumer groups’ lag and dead letters', async () => {
    const token = await issueToken({ tenantId, groups: ['agency-admin'] });
    const account = (await request(system.account.url).post('/accounts').set('authorization', `Bearer ${token}`).send({ name: 'Metrics household' }).expect(201)).body;
    await request(system.account.url).get(`/accounts/${account.id}`).set('authorization', `Bearer ${token}`).expect(200);
    await request(system.account.url).get('/accounts/not-a-uuid').set('authorization', `Bearer ${token}`).expect(400);

    const scrape = await request(system.account.url).get('/metrics').expect(200);
    expect(scrape.headers['content-type']).toContain('text/plain');
    const text = scrape.text;
    expect(sample(text, 'http_requests_total', { service: 'account', method: 'POST', route: '/accounts', status: '2xx' })).toBeGreaterThanOrEqual(1);
    // The declared route, never the id a caller sent.
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/accounts/:accountId', status: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/accounts/:accountId', status: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(account.id);
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/accounts', method: 'POST' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'outbox_pending_events')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'kafka_consumer_group_lag', { group: `${system.prefix}account.policy-summaries` })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'kafka_dead_letters', { topic: 'policy.events' })).toBe(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);

    // The account's event reaches the policy service: the consumer lag it shows drains to 0.
    await eventually(async () => {
      const policy = (await request(system.policy.url).get('/metrics').expect(200)).text;
      expect(sample(policy, 'kafka_consumer_group_lag', { group: `${system.prefix}policy.account-directory` })).toBe(0);
      expect(sample(policy, 'outbox_pending_events')).toBe(0);
    });
  });

  describe('the workflow worker', () => {
    let worker: ChildProcess | undefined;
    let codecPort: number;
    afterAll(() => {
      worker?.kill('SIGKILL');
    });

    it('serves /metrics with its own process metrics and the Temporal SDK’s (TEMPORAL_METRICS_ADDRESS)', async () => {
      codecPort = await freePort();
      const sdkPort = await freePort();
      const { PATH, HOME } = process.env;
      worker = spawn(process.execPath, ['--import', 'tsx', 'src/worker/main.ts'], {
        cwd: path.resolve(__dirname, '../workflows'),
        env: {
          PATH: PATH ?? '',
          HOME: HOME ?? '',
          AGENCYFLOW_MODE: 'development',
          TEMPORAL_ADDRESS: testEnvironment.temporalAddress,
          TASK_QUEUE_PREFIX: `t${shortId()}.`,
          CODEC_SERVER_PORT: String(codecPort),
          TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${sdkPort}`,
          LOG_LEVEL: 'warn',
        },
        stdio: 'ignore',
      });
      const text = await eventually(
        async () => {
          const res = await fetch(`http://127.0.0.1:${codecPort}/metrics`);
          expect(res.status).toBe(200);
          const body = await res.text();
          // The worker polls its task queue: the SDK counts its polls.
          expect(body).toMatch(/^temporal_[a-z_]+/m);
          return body;
        },
        { timeoutMs: 150_000, intervalMs: 500 },
      );
      expect(sample(text, 'process_cpu_user_seconds_total', { service: 'workflow-worker' })).toBeGreaterThan(0);
    }, 180_000);
  });
});
