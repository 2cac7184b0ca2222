import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eventually, issueToken, shortId } from '@agencyflow/testing';
import { systemProbeWorkflowId } from '@agencyflow/contracts';
import { startTestSystem, type TestSystem } from './support/system';

describe('system probe: HTTP -> Temporal -> every service worker', () => {
  let system: TestSystem;
  const tenantId = `tenant-${shortId()}`;
  let operator: string;

  beforeAll(async () => {
    system = await startTestSystem();
    operator = await issueToken({ tenantId, groups: ['operator'] });
  });
  afterAll(async () => system?.stop());

  it('X-4 a workflow started over HTTP reaches each service activity worker and keeps its payloads encrypted in history', async () => {
    const canary = `canary-${shortId()}-do-not-leak`;
    const started = await request(system.sales.url)
      .post('/admin/system-probes')
      .set('authorization', `Bearer ${operator}`)
      .send({ note: canary })
      .expect(202);
    expect(started.body.workflowId).toBe(systemProbeWorkflowId(tenantId, started.body.probeId));
    expect(started.headers.location).toBe(`/admin/system-probes/${started.body.probeId}`);

    const done = await eventually(async () => {
      const res = await request(system.sales.url).get(started.body.statusUrl).set('authorization', `Bearer ${operator}`).expect(200);
      expect(res.body.status).toBe('COMPLETED');
      return res.body;
    });
    const services = done.result.services.map((s: { service: string }) => s.service).sort();
    expect(services).toEqual(['account', 'finance', 'policy', 'sales']);
    for (const s of done.result.services) {
      expect(s.databaseOk).toBe(true);
      expect(s.echoedNote).toBe(canary);
    }

    // The activities ran on each service's own task queue.
    const client = system.sales.runtime.deps.temporal.client;
    const history = await client.workflow.getHandle(started.body.workflowId).fetchHistory();
    const queues = history
      .events!.filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => e.activityTaskScheduledEventAttributes!.taskQueue!.name)
      .sort();
    expect(queues).toEqual(['account', 'finance', 'policy', 'sales'].map((s) => `${system.prefix}${s}-activities`));

    // What Temporal stored: the raw history bytes never contain the canary in clear.
    const raw = await client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId: started.body.workflowId },
    });
    const bytes = Buffer.from(JSON.stringify(raw.history));
    expect(bytes.includes(canary)).toBe(false);
    expect(JSON.stringify(raw.history)).toContain('YmluYXJ5L2VuY3J5cHRlZA'); // base64 of "binary/encrypted"
  });

  it('X-5 the same Idempotency-Key starts the probe workflow once', async () => {
    const key = `probe-${shortId()}`;
    const send = () =>
      request(system.sales.url)
        .post('/admin/system-probes')
        .set('authorization', `Bearer ${operator}`)
        .set('idempotency-key', key)
        .send({ note: 'twice' })
        .expect(202);
    const first = await send();
    const second = await send();
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');

    const client = system.sales.runtime.deps.temporal.client;
    await eventually(async () => {
      const again = [];
      for await (const run of client.workflow.list({ query: `WorkflowId = '${first.body.workflowId}'` })) again.push(run);
      expect(again).toHaveLength(1);
    });
  });

  it('X-3 starting a probe needs the system:operate permission (403) and credentials (401)', async () => {
    const agent = await issueToken({ tenantId, groups: ['agency-user'] });
    const forbidden = await request(system.sales.url).post('/admin/system-probes').set('authorization', `Bearer ${agent}`).send({});
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ status: 403, permission: 'system:operate' });
    const anonymous = await request(system.sales.url).post('/admin/system-probes').send({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
  });

  it('a probe of another tenant answers 404', async () => {
    const started = await request(system.sales.url).post('/admin/system-probes').set('authorization', `Bearer ${operator}`).send({}).expect(202);
    const otherOperator = await issueToken({ tenantId: `other-${shortId()}`, groups: ['operator'] });
    const res = await request(system.sales.url).get(started.body.statusUrl).set('authorization', `Bearer ${otherOperator}`);
    expect(res.status).toBe(404);
  });
});
