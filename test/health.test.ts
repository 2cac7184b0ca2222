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
    it(`${name}: /healthz and /readyz answer 200 when PostgreSQL and Kafka are reachable`, async () => {
      const { url } = system[name];
      await request(url).get('/healthz').expect(200, { status: 'ok' });
      const ready = await request(url).get('/readyz').expect(200);
      expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', kafka: 'ok' } });
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
