/**
 * `npm run bench -- ams-sync [--accounts N] [--limit N] [--kind ams360|qqcatalyst|nowcerts]` — AMS
 * contact sync under faults.
 *
 * N accounts (default 1,000) of 3 contacts (a primary, two secondaries) are synced whole
 * ("sync whole account", over HTTP) to the AMS simulator, which answers 20 % of calls with a 503,
 * 10 % with a 429 (Retry-After: 1), and applies 5 % of writes but drops their answer
 * (commit-then-drop), and allows the tenant `--limit` calls per second (default 10) before
 * answering 429 itself; the tenant's connection is configured with the same limit. The clock runs
 * from the first request to the last one finished. Then it counts: contacts synced of the total,
 * duplicates in the simulator (records no contact is linked to, or two records of one contact),
 * order violations (a secondary written before its account's customer), the observed call rate
 * against the limit, and the 429s the simulator's own limit answered. Prints and writes
 * bench-results/ams-sync.json. Not a test: nothing asserts.
 */
import { performance } from 'node:perf_hooks';
import type { AmsKind, AmsRecord, CallLogEntry } from '@agencyflow/ams-simulator';
import { shortId } from '@agencyflow/testing';
import { amsTenant, startAmsRig } from '../test/support/ams-sync';
import { arg, cpuSeconds, cpuSpent, log, writeResult } from './support';

const ACCOUNTS = arg('accounts', 1_000);
const LIMIT = arg('limit', 10);
const kindIndex = process.argv.indexOf('--kind');
const KIND = (kindIndex > 0 ? process.argv[kindIndex + 1] : 'ams360') as AmsKind;
const CONTACTS_PER_ACCOUNT = 3;
const REQUEST_CONCURRENCY = 20;

async function main() {
  const rig = await startAmsRig({ AMS_RETRY_WINDOW_SECONDS: '1800', AMS_CALL_TIMEOUT_MS: '5000' });
  try {
    const tenant = await amsTenant(rig, KIND, {
      rateLimit: LIMIT,
      rateLimitPerSecond: LIMIT,
      faults: { serverErrorRate: 0.2, tooManyRequestsRate: 0.1, retryAfterSeconds: 1, commitThenDropRate: 0.05 },
    });
    await tenant.connect();
    const { tenantId } = tenant;
    const sql = rig.account.database.sql;

    // The book, set-based (not measured): N accounts, each a primary and two secondaries.
    const accountIds: string[] = (
      await sql<{ id: string }[]>`
        insert into accounts (tenant_id, name, created_by)
        select ${tenantId}, 'Bench household ' || g, 'bench' from generate_series(1, ${ACCOUNTS}) g
        returning id`
    ).map((r) => r.id);
    await sql`
      insert into contacts (tenant_id, account_id, role, relation, status, first_name, last_name, email, cell_phone, created_by, created_at)
      select ${tenantId}, a.id, case when n = 1 then 'primary' else 'secondary' end, case when n = 1 then null else 'child' end, 'prospect',
        'Person' || n, 'Bench' || left(a.id::text, 8), 'p' || n || '.' || left(a.id::text, 8) || '@example.com', '555201' || lpad(n::text, 4, '0'),
        'bench', now() + make_interval(secs => n)
      from unnest(${accountIds}::uuid[]) a(id), generate_series(1, ${CONTACTS_PER_ACCOUNT}) n`;
    const total = ACCOUNTS * CONTACTS_PER_ACCOUNT;
    log(`${ACCOUNTS} accounts of ${CONTACTS_PER_ACCOUNT} contacts; ${KIND} simulator: 20% 503, 10% 429 (Retry-After 1), 5% commit-then-drop, limit ${LIMIT}/s`);

    const cpuBefore = cpuSeconds();
    const started = performance.now();
    const queue = [...accountIds];
    await Promise.all(
      Array.from({ length: REQUEST_CONCURRENCY }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) await tenant.request('account', id);
      }),
    );
    log(`${ACCOUNTS} requests accepted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (;;) {
      const [row] = await sql<{ done: number; synced: number }[]>`
        select (select count(*) from ams_sync_requests where tenant_id = ${tenantId} and state = 'completed')::int as done,
               (select count(*) from ams_contact_links where tenant_id = ${tenantId} and state = 'synced')::int as synced`;
      if (row!.done >= ACCOUNTS) break;
      log(`${row!.done}/${ACCOUNTS} accounts done, ${row!.synced}/${total} contacts synced, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      await new Promise((r) => setTimeout(r, 5_000));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSpent(cpuBefore, cpuSeconds());

    const links = await sql<{ contact_id: string; account_id: string; role: string; ams_id: string | null; state: string }[]>`
      select l.contact_id, l.account_id, c.role, l.ams_id, l.state from ams_contact_links l join contacts c on c.id = l.contact_id where l.tenant_id = ${tenantId}`;
    const synced = links.filter((l) => l.state === 'synced').length;
    const records = await tenant.records();
    const calls: CallLogEntry[] = await tenant.calls();

    // Duplicates: records the CRM links no contact to (a lost create made twice), or linked twice.
    const linked = new Map(links.filter((l) => l.ams_id).map((l) => [l.ams_id!, l]));
    const duplicates = records.filter((r) => !linked.has(r.id)).length + (links.filter((l) => l.ams_id).length - linked.size);
    // Order: a secondary's record written before its account's customer (AMS-3).
    const position = new Map(records.map((r: AmsRecord, i) => [r.id, i]));
    const orderViolations = records.filter((r) => r.kind === 'contact' && (r.parentId === null || (position.get(r.parentId) ?? Infinity) > position.get(r.id)!)).length;
    const first = Date.parse(calls[0]!.at);
    const last = Date.parse(calls.at(-1)!.at);
    const callRate = Math.round((calls.length / ((last - first) / 1000)) * 10) / 10;
    // The busiest stretch: calls per second over the middle 80 % of the run.
    const from = first + (last - first) * 0.1;
    const to = last - (last - first) * 0.1;
    const steadyRate = Math.round((calls.filter((c) => Date.parse(c.at) >= from && Date.parse(c.at) <= to).length / ((to - from) / 1000)) * 10) / 10;
    // Calls in each 10-second window, to see where the rate falls short of the limit.
    const windows: number[] = [];
    for (const c of calls) windows[Math.floor((Date.parse(c.at) - first) / 10_000)] = (windows[Math.floor((Date.parse(c.at) - first) / 10_000)] ?? 0) + 1;
    log(`calls per second, by 10 s window: ${Array.from(windows, (n) => ((n ?? 0) / 10).toFixed(1)).join(' ')}`);
    const outcomes = calls.reduce<Record<string, number>>((counts, c) => ({ ...counts, [c.outcome]: (counts[c.outcome] ?? 0) + 1 }), {});

    const result = {
      scenario: 'ams-sync',
      kind: KIND,
      accounts: ACCOUNTS,
      synced,
      total,
      duplicates,
      orderViolations,
      callRate,
      steadyCallRate: steadyRate,
      limit: LIMIT,
      callRateOfLimit: Math.round((callRate / LIMIT) * 1000) / 1000,
      rateLimited429s: outcomes['rate-limited'] ?? 0,
      calls: calls.length,
      outcomes,
      seconds: Math.round(seconds * 10) / 10,
      cpuSeconds: cpu,
      runId: shortId(),
    };
    log(JSON.stringify(result));
    writeResult('ams-sync', result);
  } finally {
    await rig.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
