import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { accountService } from '@agencyflow/account-service';
import { shortId, startTestService, type TestService } from '@agencyflow/testing';
import { startTestSystem, type TestSystem } from './support/system';

describe('every service: health, readiness and API documents', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ withWorkflows: false });
  });
  afterAll(async () => system?.stop());

  for (const name of ['account', 'policy', 'sales', 'finance'] as const) {
    it(`${name}: /healthz and /readyz answer 200 when PostgreSQL, Kafka, Temporal, its consumers and its activity worker are up`, async () => {
      const { url } = system[name];
      await request(url).get('/healthz').expect(200, { status: 'ok' });
      await Promise.all(system[name].runtime.consumers.map((c) => c.ready()));
      const ready = await request(url).get('/readyz').expect(200);
      expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', kafka: 'ok', temporal: 'ok', consumers: 'ok', activityWorker: 'ok' } });
    });

    it(`${name}: serves its OpenAPI 3.1 document and a docs page without credentials`, async () => {
      const { url } = system[name];
      const doc = await request(url).get('/openapi.json').expect(200);
      expect(doc.body.openapi).toBe('3.1.0');
      expect(doc.body.info.title.toLowerCase()).toContain(name);
      expect(doc.body.components.schemas.Problem).toBeDefined();
      const page = await request(url).get('/docs').expect(200);
      expect(page.text).toContain('/openapi.json');
      await request(url).get('/docs/assets/swagger-ui-bundle.js').expect(200);
    });
  }

  it('/readyz answers 503 naming consumers that left their group, and probes the broker over one kept connection', async () => {
    const { runtime, url } = system.policy;
    const admins: unknown[] = [];
    const kafka = runtime.deps.kafka;
    const original = kafka.admin.bind(kafka);
    kafka.admin = (...args) => {
      const admin = original(...args);
      admins.push(admin);
      return admin;
    };
    try {
      for (let i = 0; i < 5; i++) await request(url).get('/readyz').expect(200);
      // At most the one connection made after the first probes (none when one was kept already).
      expect(admins.length).toBeLessThanOrEqual(1);
    } finally {
      kafka.admin = original;
    }
    const [consumer] = runtime.consumers;
    await consumer!.stop();
    const res = await request(url).get('/readyz').expect(503);
    expect(res.body.checks.consumers).toMatch(/^failed: not in their group: /);
    expect(res.body.checks.database).toBe('ok');
  });
});

describe('readiness reflects real dependencies', () => {
  let broken: TestService;
  beforeAll(async () => {
    // Nothing listens on port 1: the database and the broker are unreachable.
    broken = await startTestService(accountService, {
      prefix: `t${shortId()}.`,
      start: false,
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', KAFKA_BROKERS: '127.0.0.1:1' },
    });
  });
  afterAll(async () => broken?.stop());

  it('/readyz answers 503 naming the failing dependencies, while /healthz stays 200', async () => {
    await request(broken.runtime.app).get('/healthz').expect(200);
    const res = await request(broken.runtime.app).get('/readyz').expect(503);
    expect(res.body.status).toBe('not-ready');
    expect(res.body.checks.database).toMatch(/^failed/);
    expect(res.body.checks.kafka).toMatch(/^failed/);
  });
});
