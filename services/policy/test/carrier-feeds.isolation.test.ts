import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { policyService } from '../src';
import { feedColumns } from '../src/domain/feed-row';
import { forTenants } from '@agencyflow/db';
import { writeStagedImport } from '../src/carrier-feeds/import-carrier-feed';
import { writeNextFeedPage } from '../src/carrier-feeds/write-feed-page';

const BULK_POOL = 2;

/** One valid feed row (a policyholder) of policy `n`. */
const feedRow = (n: number) =>
  `Acme Health,ISO-${n},medicare-advantage,active,2026-01-01,2027-01-01,100.00,1234567,policyholder,Pat${n},Doe,1950-01-0${1 + (n % 9)},F,pat${n}@example.com,305-555-0100,1 Main St,Miami,FL,33139,`;

/**
 * X-6 under load, and PS-2 bounded: carrier uploads that crawl in (a slow link, a stalled
 * client) hold only the small bulk pool, so the service keeps answering everyone else.
 */
describe('policy service: slow carrier uploads stay out of everyone else’s way', () => {
  let service: TestService;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    service = await startTestService(policyService, {
      prefix: `t${shortId()}.`,
      start: false,
      env: { DATABASE_POOL_MAX: '4', BULK_DATABASE_POOL_MAX: String(BULK_POOL) },
    });
    server = await new Promise<http.Server>((resolve) => {
      const s = service.runtime.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await service?.stop();
  });

  /** Sends a CSV of `rows` rows, one row every `gapMs`: a throttled upload. */
  async function slowUpload(tenantId: string, rows: number, gapMs: number) {
    const token = await issueToken({ tenantId, groups: ['fmo-admin'] });
    const body = Readable.from(
      (async function* () {
        yield `${feedColumns.join(',')}\n`;
        for (let n = 0; n < rows; n++) {
          await new Promise((resolve) => setTimeout(resolve, gapMs));
          yield `${feedRow(n)}\n`;
        }
      })(),
    );
    return new Promise<{ status: number; retryAfter?: string; type?: string; importId?: string; answeredAt: number }>((resolve, reject) => {
      let answered = false;
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/carrier-feeds', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            answered = true;
            body.destroy();
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { type?: string; importId?: string };
            resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, type: parsed.type, importId: parsed.importId, answeredAt: Date.now() });
          });
        },
      );
      // A refused upload is answered while its body still flows; the broken pipe after that is expected.
      req.on('error', (error) => (answered ? undefined : reject(error)));
      body.pipe(req);
    });
  }

  it('PS-2 ten throttled uploads: another tenant’s reads answer while they crawl; uploads beyond the bulk pool are refused at once (503, Retry-After)', async () => {
    const uploads = Array.from({ length: 10 }, (_, i) => slowUpload(`fmo-slow-${i}-${shortId()}`, 15, 150));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const reader = await issueToken({ tenantId: `fmo-reader-${shortId()}`, groups: ['fmo-admin'] });
    const readsDone: number[] = [];
    for (let i = 0; i < 5; i++) {
      await request(server).get('/policies?limit=5').set('authorization', `Bearer ${reader}`).expect(200);
      readsDone.push(Date.now());
    }

    const answers = await Promise.all(uploads);
    const imported = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 503);
    expect(imported).toHaveLength(BULK_POOL);
    expect(refused).toHaveLength(10 - BULK_POOL);
    for (const r of refused) expect(r).toMatchObject({ retryAfter: '30', type: expect.stringContaining('imports-busy') });
    // The reads did not wait for any upload: all five were answered before the first upload finished.
    expect(Math.max(...readsDone)).toBeLessThan(Math.min(...imported.map((a) => a.answeredAt)));
  });

  it('PS-2 a second upload of the same tenant while the first still arrives is accepted (202) and queued: the tenant\'s imports are written one at a time, in the order they arrived whole', async () => {
    const tenantId = `fmo-twice-${shortId()}`;
    const deps = { ...service.runtime.deps, database: forTenants(service.runtime.deps.database, tenantId) };
    const first = slowUpload(tenantId, 40, 50);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const token = await issueToken({ tenantId, groups: ['fmo-admin'] });
    const second = await request(server)
      .post('/carrier-feeds/json')
      .set('authorization', `Bearer ${token}`)
      .send({ rows: [Object.fromEntries(feedColumns.map((c, i) => [c, feedRow(99).split(',')[i] || undefined]))] })
      .expect(202);
    expect(second.body.state).toBe('queued');
    const slow = await first;
    expect(slow.status).toBe(202);

    // The small JSON batch arrived whole first, so it goes first; the slow file waits behind it.
    expect(await writeNextFeedPage(deps, { importId: slow.importId!, limit: 1000 })).toEqual({ outcome: 'waiting', behindImportId: second.body.importId });
    await writeStagedImport(deps, second.body.importId);
    await writeStagedImport(deps, slow.importId!);

    const list = await request(server).get('/policies?limit=50').set('authorization', `Bearer ${token}`).expect(200);
    expect(list.body.items.map((p: { policyNumber: string }) => p.policyNumber).sort()).toEqual(
      [...Array.from({ length: 40 }, (_, n) => `ISO-${n}`), 'ISO-99'].sort(),
    );
    const jobs = await request(server).get('/carrier-feeds?state=completed').set('authorization', `Bearer ${token}`).expect(200);
    // Listed newest first by when the upload began: the slow one began first.
    expect(jobs.body.items.map((j: { importId: string }) => j.importId)).toEqual([second.body.importId, slow.importId]);
  });
});
