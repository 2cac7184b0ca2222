import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { DEV_JWT_SECRET } from '@agencyflow/config';
import { createLogger } from '@agencyflow/logger';
import { issueToken } from '@agencyflow/testing';
import { authenticate, createBaseApp, finishApp, idempotency, type IdempotencyClaim, type IdempotencyStore } from '../src';

const options = { logger: createLogger({ name: 'idempotency-lease-test', level: 'silent' }), bodyLimit: '1kb' };

/** Records what the middleware asks of its store; the store over PostgreSQL is tested in the services. */
function recordingStore(claim: IdempotencyClaim): IdempotencyStore & { renewals: number } {
  return {
    leaseMs: 3000,
    renewals: 0,
    claim: async () => claim,
    complete: async () => {},
    release: async () => {},
    async renew() {
      this.renewals++;
    },
  };
}

function appWith(store: IdempotencyStore, workMs: number) {
  const app = createBaseApp(options);
  app.post('/work', authenticate({ jwtSecret: DEV_JWT_SECRET, jwtIssuer: 'agencyflow', audience: ['agencyflow'], apiKeys: {} }), idempotency(store), async (_req, res) => {
    await new Promise((resolve) => setTimeout(resolve, workMs));
    res.status(201).json({ done: true });
  });
  return finishApp(app, options);
}

describe('Idempotency-Key leases', () => {
  it('X-5 a keyed request renews its claim while it runs (so a long request keeps its key) and stops when it answers', async () => {
    const store = recordingStore({ state: 'new' });
    const token = await issueToken({ tenantId: 't-1' });
    const res = await request(appWith(store, 2600)).post('/work').set({ authorization: `Bearer ${token}`, 'idempotency-key': 'k-1' }).send({});
    expect(res.status).toBe(201);
    expect(store.renewals).toBeGreaterThanOrEqual(2);
    const after = store.renewals;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(store.renewals).toBe(after);
  });

  it('X-5 a retry while the first request still holds the key is told when to try again', async () => {
    const token = await issueToken({ tenantId: 't-1' });
    const res = await request(appWith(recordingStore({ state: 'in-progress' }), 0))
      .post('/work')
      .set({ authorization: `Bearer ${token}`, 'idempotency-key': 'k-1' })
      .send({});
    expect(res.status).toBe(409);
    expect(res.body.type).toMatch(/idempotency-in-progress/);
    expect(res.headers['retry-after']).toBe('3');
  });
});
