import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { carrierFeedImportProgressQuery, carrierFeedImportWorkflowId, searchAttributeNames, type CarrierFeedImportProgress } from '@agencyflow/contracts';
import { eventually, issueToken, shortId } from '@agencyflow/testing';
import type { Payload } from '@temporalio/common';
import { bookRows, followImport } from './support/fmo-book';
import { startTestSystem, type TestSystem } from './support/system';
import { devCodec, rawHistory } from './support/workflow-worker';

const columns = [
  'carrier', 'policy_number', 'coverage_type', 'status', 'effective_date', 'renewal_date', 'premium', 'writing_agent_npn',
  'member_relationship', 'first_name', 'last_name', 'date_of_birth', 'gender', 'email',
];
const toCsv = (rows: Array<Record<string, string>>) => `${columns.join(',')}\n${rows.map((r) => columns.map((c) => r[c] ?? '').join(',')).join('\n')}\n`;

/**
 * Issue 13 item 1 and PS-2: a carrier upload is a job. The upload answers 202 once the file is
 * staged; the import's workflow writes it in pages on the real Temporal, PostgreSQL and Kafka.
 */
describe('carrier feed imports as jobs', () => {
  let system: TestSystem;
  const tenantId = `fmo-jobs-${shortId()}`;
  let token: string;
  const api = () => request(system.policy.url);
  const upload = (csv: string, pageSize: number) =>
    api().post(`/carrier-feeds?pageSize=${pageSize}`).set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(csv);
  const job = async (importId: string) => (await api().get(`/carrier-feeds/${importId}`).set('authorization', `Bearer ${token}`).expect(200)).body;

  beforeAll(async () => {
    system = await startTestSystem();
    token = await issueToken({ tenantId, subject: 'fmo-admin-1', groups: ['fmo-admin'] });
    await Promise.all(system.policy.runtime.consumers.map((c) => c.ready()));
  });
  afterAll(async () => system?.stop());

  it('PS-2 an upload answers 202 with the job; its workflow writes it page by page (progress grows, counts only in Temporal) and it ends completed with its CSVs', async () => {
    const rows = bookRows([{ npn: '5550001', policies: 60, spouseEvery: 3 }]);
    rows.push({ ...rows[0]!, writing_agent_npn: 'not-an-npn', policy_number: 'BAD-1' });
    const accepted = await upload(toCsv(rows), 10).expect(202);
    expect(accepted.headers.location).toBe(`/carrier-feeds/${accepted.body.importId}`);
    expect(accepted.body).toMatchObject({ kind: 'carrier-feed-import', state: 'queued', rows: { total: rows.length }, progress: { rowsTotal: rows.length } });
    const { importId } = accepted.body;

    // Progress is seen growing while it runs (pages of 10 rows).
    const seen = new Set<number>();
    await eventually(async () => {
      const now = await job(importId);
      seen.add(now.progress.rowsDone);
      expect(now.state).toBe('completed');
    }, { timeoutMs: 60_000, intervalMs: 50 });
    const done = await job(importId);
    expect(done).toMatchObject({
      state: 'completed',
      rows: { total: rows.length, valid: rows.length - 1, rejected: 1 },
      policies: { inserted: 60, updated: 0, unchanged: 0 },
      members: { inserted: rows.length - 1 },
      progress: { rowsDone: rows.length, percent: 100, estimatedSecondsLeft: 0 },
      rejections: [{ row: rows.length, reason: 'writing_agent_npn: NPN is 1 to 10 digits' }],
    });
    expect(seen.size).toBeGreaterThan(1);

    // The workflow: a business-key id, typed search attributes, counts-only progress and details.
    const handle = system.policy.runtime.deps.temporal.client.workflow.getHandle(carrierFeedImportWorkflowId(tenantId, importId));
    expect(done.workflowId).toBe(handle.workflowId);
    const progress = await handle.query<CarrierFeedImportProgress>(carrierFeedImportProgressQuery);
    expect(progress).toMatchObject({ importId, rows: rows.length, state: 'completed', totals: { rowsDone: rows.length, rowsRejected: 1 } });
    expect(progress.totals.pages).toBeGreaterThanOrEqual(Math.ceil((rows.length - 1) / 10));
    const described = await handle.describe();
    expect(described.status.name).toBe('COMPLETED');
    expect(described.searchAttributes[searchAttributeNames.runKind]).toEqual(['carrier-feed-import']);
    expect(described.searchAttributes[searchAttributeNames.tenantId]).toEqual([tenantId]);

    const outcomes = await api().get(done.links.outcomes).set('authorization', `Bearer ${token}`).expect(200);
    const lines = outcomes.text.trimEnd().split('\r\n').slice(1).map((l) => l.split(','));
    expect(lines.map((l) => Number(l[0]))).toEqual(rows.map((_, i) => i + 1));
    expect(lines.filter((l) => l[1] === 'inserted')).toHaveLength(rows.length - 1);
    const rejections = await api().get(done.links.rejections).set('authorization', `Bearer ${token}`).expect(200);
    expect(rejections.text).toBe(`row,reason\r\n${rows.length},writing_agent_npn: NPN is 1 to 10 digits\r\n`);
    // neither the answers nor the CSVs carry a member's data.
    expect(JSON.stringify(done) + outcomes.text + rejections.text).not.toContain(rows[0]!.last_name);
  }, 120_000);

  it('PS-2 X-6 the workflow worker stopped mid-import and started again: the import completes, every row once, nothing written twice', async () => {
    const rows = bookRows([{ npn: '5550002', policies: 150, spouseEvery: 2 }]);
    const accepted = await upload(toCsv(rows), 5).expect(202);
    await eventually(async () => expect((await job(accepted.body.importId)).progress.rowsDone).toBeGreaterThan(20), { timeoutMs: 60_000, intervalMs: 50 });
    await system.workflows.halt();
    const halted = await job(accepted.body.importId);
    expect(halted.state).toBe('importing');
    await system.workflows.resume();
    const done = await followImport(system.policy.url, token, accepted.body.importId, 200_000);
    expect(done).toMatchObject({
      rows: { total: rows.length, valid: rows.length, rejected: 0 },
      policies: { inserted: 150, updated: 0, unchanged: 0 },
      members: { inserted: rows.length, updated: 0, unchanged: 0 },
    });
    const [counts] = await system.policy.database.sql<{ rows: number; distinct_rows: number; members: number }[]>`
      select (select count(*)::int from carrier_feed_import_rows where import_id = ${accepted.body.importId}) as rows,
             (select count(distinct row)::int from carrier_feed_import_rows where import_id = ${accepted.body.importId} and outcome = 'inserted') as distinct_rows,
             (select count(*)::int from policy_members where tenant_id = ${tenantId} and policy_id in (
                select id from policies where tenant_id = ${tenantId} and writing_agent_npn = '5550002')) as members`;
    expect(counts).toEqual({ rows: rows.length, distinct_rows: rows.length, members: rows.length });
  }, 240_000);

  it('the Temporal UI explains an import: kind, phase and counts as typed search attributes (one filter finds it), a summary on every page activity, every summary sealed by the payload codec and free of names', async () => {
    const rows = bookRows([{ npn: '5550003', policies: 12, spouseEvery: 2 }]);
    const accepted = await upload(toCsv(rows), 5).expect(202);
    const { importId } = accepted.body;
    await followImport(system.policy.url, token, importId, 60_000);
    const workflowId = carrierFeedImportWorkflowId(tenantId, importId);

    // "Completed imports of this tenant that wrote every row": one visibility query.
    const { client } = system.policy.runtime.deps.temporal;
    const filter = `RunKind = 'carrier-feed-import' AND TenantId = '${tenantId}' AND RunPhase = 'completed' AND RowsDone = ${rows.length} AND RowsTotal = ${rows.length} AND RowsFailed = 0`;
    await eventually(async () => {
      const found: string[] = [];
      for await (const w of client.workflow.list({ query: filter })) found.push(w.workflowId);
      expect(found).toEqual([workflowId]);
    }, { timeoutMs: 20_000, intervalMs: 250 });

    // As Temporal keeps them: the start's summary and details and every activity's summary are sealed
    // by the codec (the server and the UI without the codec server see ciphertext) ...
    const events = (await rawHistory(workflowId)).events ?? [];
    const started = events[0]!.workflowExecutionStartedEventAttributes!;
    const metadataPayloads: Payload[] = [events[0]!.userMetadata?.summary, events[0]!.userMetadata?.details].filter((p): p is Payload => !!p);
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'writeCarrierFeedPage');
    expect(started).toBeDefined();
    expect(scheduled.length).toBeGreaterThanOrEqual(Math.ceil(rows.length / 5));
    metadataPayloads.push(...scheduled.map((e) => e.userMetadata!.summary!));
    const encodings = metadataPayloads.map((p) => Buffer.from(p.metadata!.encoding!).toString());
    expect(new Set(encodings)).toEqual(new Set(['binary/encrypted']));
    // ... and once decoded, they say what and which page, and name no one.
    const decoded = (await devCodec().decode(metadataPayloads)).map((p) => JSON.parse(Buffer.from(p.data!).toString()) as string);
    expect(decoded[0]).toBe(`Carrier feed import (PS-2): ${rows.length} rows`);
    expect(decoded).toContain(`Write page 1 of ${Math.ceil(rows.length / 5)}`);
    const everything = decoded.join('\n') + JSON.stringify((await client.workflow.getHandle(workflowId).describe()).searchAttributes);
    for (const row of rows) for (const value of [row.first_name!, row.last_name!, row.email!, row.date_of_birth!]) expect(everything).not.toContain(value);
  });

  it('PS-2 the jobs list shows the tenant\'s imports newest first, filtered by state and time; /metrics counts the rows by outcome', async () => {
    const list = await api().get('/carrier-feeds?state=completed&limit=1').set('authorization', `Bearer ${token}`).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ state: 'completed', kind: 'carrier-feed-import' });
    const next = await api().get(`/carrier-feeds?state=completed&limit=1&before=${list.body.nextBefore}`).set('authorization', `Bearer ${token}`).expect(200);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].importId).not.toBe(list.body.items[0].importId);
    const future = await api().get(`/carrier-feeds?since=${new Date(Date.now() + 60_000).toISOString()}`).set('authorization', `Bearer ${token}`).expect(200);
    expect(future.body.items).toEqual([]);
    await api().get('/carrier-feeds?state=lost').set('authorization', `Bearer ${token}`).expect(400);

    const metrics = await request(system.policy.url).get('/metrics').expect(200);
    const value = (outcome: string) =>
      Number(metrics.text.split('\n').find((l) => l.startsWith('job_rows_total{') && l.includes('kind="carrier-feed-import"') && l.includes(`outcome="${outcome}"`))?.split(' ').at(-1));
    expect(value('inserted')).toBeGreaterThan(0);
    expect(value('rejected')).toBeGreaterThanOrEqual(1);
  });
});
