/**
 * `npm run bench -- policy-sync [--policies N] [--page-size N]` — policy sync throughput.
 *
 * Syncs a book of N policies (default 100,000) written by one NPN, with their members, into a new
 * Agent CRM business through the real path (HTTP -> provisioning workflow -> paged copy on the
 * policy service's worker -> the account service's worker pulling each page from the policy
 * service). The clock stops when the business is active and every consumer group has caught up
 * (lag 0). In the same run it measures the fair floor: plain set-based SQL writing the same final
 * rows with the same indexes, from source rows already in the database that writes them, both
 * databases at once (policies and members in the policy database; accounts and contacts in the
 * account database, ciphertext copied). Prints and writes bench-results/policy-sync.json. Not a
 * test: nothing asserts a time.
 */
import { forTenants } from '@agencyflow/db';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { importCarrierFeed } from '@agencyflow/policy-service/src/carrier-feeds/import-carrier-feed';
import { copyText } from '@agencyflow/db';
import { issueToken, shortId } from '@agencyflow/testing';
import { policySyncWorkflowId } from '@agencyflow/contracts';
import { startTestSystem, type TestSystem } from '../test/support/system';
import { agentCrmApi } from '../test/support/agent-crm';
import { bookRows } from '../test/support/fmo-book';
import { arg, consumerLag, cpuSeconds, cpuSpent, log, rate, writeResult } from './support';

const POLICIES = arg('policies', 100_000);
const PAGE_SIZE = arg('page-size', 1000);
const NPN = '4242424242';

/**
 * The FMO's book, loaded through the carrier feed import (PS-2), as an FMO would: in files of at
 * most IMPORT_ROWS rows (an import takes at most 1,000,000), each cut at a policy's first row.
 */
const IMPORT_ROWS = 250_000;
async function loadBook(system: TestSystem, fmo: string) {
  const rows = bookRows([{ npn: NPN, policies: POLICIES, spouseEvery: 2, noEmailEvery: 5 }]);
  const started = performance.now();
  let policies = 0;
  for (let from = 0; from < rows.length; ) {
    let to = Math.min(from + IMPORT_ROWS, rows.length);
    while (to < rows.length && rows[to]!.member_relationship !== 'policyholder') to++;
    const imported = await importCarrierFeed({ ...system.policy.runtime.deps, database: forTenants(system.policy.runtime.deps.database, fmo) }, {
      tenantId: fmo,
      importedBy: 'bench',
      format: 'json',
      rows: rows.slice(from, to).map((values, i) => ({ row: i + 1, values })),
    });
    policies += imported.policies.inserted;
    from = to;
  }
  log(`book loaded: ${policies} policies, ${rows.length} member rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** The policy database's half of the floor: the same policies and members copied by INSERT ... SELECT. */
async function policyFloor(system: TestSystem, fmo: string, tenant: string) {
  await system.policy.database.sql.begin(async (tx) => {
    await tx`
      insert into policies (tenant_id, carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium,
        writing_agent_npn, account_id, policyholder_contact_id, source, fingerprint, synced_from, sync_fingerprint, created_by, updated_by)
      select ${tenant}, carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium,
        writing_agent_npn, account_id, policyholder_contact_id, 'policy-sync', fingerprint, id, fingerprint, 'bench', 'bench'
      from policies where tenant_id = ${fmo} and writing_agent_npn = ${NPN}`;
    await tx`
      insert into policy_members (policy_id, tenant_id, member_key, relationship, first_name, last_name, date_of_birth_enc, gender,
        email, phone, address_line1, city, state, zip, mbi_enc, contact_id, fingerprint, person_key)
      select c.id, ${tenant}, m.member_key, m.relationship, m.first_name, m.last_name, m.date_of_birth_enc, m.gender,
        m.email, m.phone, m.address_line1, m.city, m.state, m.zip, m.mbi_enc, m.contact_id, m.fingerprint, m.person_key
      from policies c join policy_members m on m.policy_id = c.synced_from
      where c.tenant_id = ${tenant}`;
  });
}

/** The FMO's people as the account database's floor starts from them: already in that database (untimed). */
async function stagePeopleInAccountDatabase(system: TestSystem, fmo: string, tenant: string) {
  const accountSql = system.account.database.sql;
  await accountSql`drop table if exists bench_people`;
  await accountSql`create unlogged table bench_people (
    contact_id uuid, account_id uuid, holds boolean, first_name text, last_name text, email text, phone text,
    address_line1 text, city text, state text, zip text, gender text, date_of_birth_enc text, mbi_enc text, fingerprint text)`;
  // Read with a cursor, written with COPY FROM (postgres.js COPY TO streams can stall a pooled
  // connection; see synced-page-transfer.ts).
  const rows = system.policy.database.sql
    .unsafe(
      `select deterministic_uuid(array['synced-contact', $1, m.person_key])::text,
          deterministic_uuid(array['synced-account', $1, h.person_key])::text, (m.member_key = 'policyholder')::text,
          m.first_name, m.last_name, m.email, m.phone, m.address_line1, m.city, m.state, m.zip, m.gender,
          m.date_of_birth_enc, m.mbi_enc, m.fingerprint
        from policies p join policy_members m on m.policy_id = p.id
        join policy_members h on h.policy_id = p.id and h.member_key = 'policyholder'
        where p.tenant_id = $2 and p.writing_agent_npn = $3`,
      [tenant, fmo, NPN],
    )
    .values()
    .cursor(10_000);
  async function* lines() {
    for await (const batch of rows) yield copyText(batch as (string | null)[][]);
  }
  const source = Readable.from(lines());
  await pipeline(source, await accountSql`copy bench_people from stdin`.writable());
}

/** The account database's half of the floor: one account per policyholder, one contact per person. */
async function accountFloor(system: TestSystem, tenant: string) {
  await system.account.database.sql.begin(async (tx) => {
    await tx`
      insert into accounts (id, tenant_id, name, status, created_by)
      select distinct on (account_id) account_id, ${tenant}, first_name || ' ' || last_name, 'prospect', 'bench'
      from bench_people where holds order by account_id`;
    await tx`
      insert into contacts (id, tenant_id, account_id, role, relation, status, source, first_name, last_name, email, cell_phone,
        address_line1, city, state, zip, gender, date_of_birth_enc, mbi_enc, sync_fingerprint, created_by)
      select distinct on (contact_id) contact_id, ${tenant}, account_id, case when holds then 'primary' else 'secondary' end,
        case when holds then null else 'spouse' end, 'prospect', 'policy-sync', first_name, last_name, email, phone,
        address_line1, city, state, zip, gender, date_of_birth_enc, mbi_enc, fingerprint, 'bench'
      from bench_people order by contact_id, holds desc`;
  });
}

async function cleanUpFloor(system: TestSystem, tenants: { policy: string; account: string }) {
  await system.policy.database.sql`delete from policies where tenant_id = ${tenants.policy}`;
  const accountSql = system.account.database.sql;
  await accountSql`delete from accounts where tenant_id = ${tenants.account}`;
  await accountSql`drop table if exists bench_people`;
}

/** The history length of every run of the sync (it continues as new): the largest must stay small. */
async function historyEventsPerRun(system: TestSystem, businessId: string): Promise<number[]> {
  const lengths: number[] = [];
  const client = system.account.runtime.deps.temporal.client;
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${policySyncWorkflowId(businessId)}'` })) {
    lengths.push(execution.historyLength);
  }
  return lengths;
}

async function main() {
  const system = await startTestSystem();
  try {
    const fmo = `fmo-bench-${shortId()}`;
    log(`loading the FMO book: ${POLICIES} policies for NPN ${NPN} (every 2nd with a spouse, every 5th without email)`);
    await loadBook(system, fmo);

    // The fair floor, both databases at once. The policy half also gives the single-database raw floor.
    const floorTenant = crypto.randomUUID();
    await stagePeopleInAccountDatabase(system, fmo, floorTenant);
    let policyFloorMs = 0;
    const floorCpuBefore = cpuSeconds();
    const floorStarted = performance.now();
    await Promise.all([
      policyFloor(system, fmo, floorTenant).then(() => (policyFloorMs = performance.now() - floorStarted)),
      accountFloor(system, floorTenant),
    ]);
    const floorMs = performance.now() - floorStarted;
    const floorCpu = cpuSpent(floorCpuBefore, cpuSeconds());
    await cleanUpFloor(system, { policy: floorTenant, account: floorTenant });
    log(`fair floor (both databases at once): ${(floorMs / 1000).toFixed(2)} s = ${rate(POLICIES, floorMs)} policies/s; policy database alone ${(policyFloorMs / 1000).toFixed(2)} s`);

    // The clock counts the run's own consumer lag: whatever loading the book published is consumed first.
    while ((await consumerLag(system)) > 0) await new Promise((resolve) => setTimeout(resolve, 500));

    // The real thing, as an FMO admin starts it.
    // Memory of this process (4 services, their workers and consumers, the workflow worker): at the
    // start (which may still hold the loaded book's rows until a collection) and the peak during the run.
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 1000);
    const api = agentCrmApi(system, await issueToken({ tenantId: fmo, subject: 'bench', groups: ['fmo-admin'] }));
    const syncCpuBefore = cpuSeconds();
    const syncStarted = performance.now();
    const started = await api
      .provision({ name: 'Bench Agency', kind: 'agent', users: [{ name: 'Bench', email: `bench.${shortId()}@x.example`, npn: NPN }], policySyncEnabled: true, pageSize: PAGE_SIZE })
      .expect(202);
    const businessId: string = started.body.businessId;
    const done = await api.settled(businessId, { timeoutMs: 4 * 60 * 60_000 });
    const activeMs = performance.now() - syncStarted;
    const lagAtActive = await consumerLag(system);
    let lag = lagAtActive;
    while (lag > 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      lag = await consumerLag(system);
    }
    const syncMs = performance.now() - syncStarted;
    const syncCpu = cpuSpent(syncCpuBefore, cpuSeconds());
    clearInterval(sampler);
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    const report = done.report;
    const histories = await historyEventsPerRun(system, businessId);

    const result = {
      scenario: 'policy-sync',
      n: POLICIES,
      pageSize: PAGE_SIZE,
      members: report.members,
      accountsCreated: report.accountsCreated,
      contactsCreated: report.contactsCreated,
      seconds: syncMs / 1000,
      secondsToActive: activeMs / 1000,
      rate: rate(POLICIES, syncMs),
      floorSeconds: floorMs / 1000,
      floorRate: rate(POLICIES, floorMs),
      ratio: rate(POLICIES, syncMs) / rate(POLICIES, floorMs),
      rawFloorSeconds: policyFloorMs / 1000,
      rawRate: rate(POLICIES, policyFloorMs),
      rawRatio: rate(POLICIES, syncMs) / rate(POLICIES, policyFloorMs),
      consumerLagAtActive: lagAtActive,
      consumerLagAtEnd: lag,
      workflowRuns: histories.length,
      maxHistoryEventsPerRun: Math.max(...histories),
      rssGrowthMb: Math.round(rssGrowthMb),
      rssAtStartMb: Math.round(rssBefore / 2 ** 20),
      rssPeakMb: Math.round(rssPeak / 2 ** 20),
      // CPU seconds by part of the system (this process, PostgreSQL, Kafka, Temporal) in each window.
      floorCpuSeconds: floorCpu,
      syncCpuSeconds: syncCpu,
    };
    log(`workflow: ${report.policies} policies, ${report.members} members -> ${report.contactsCreated} contacts in ${report.accountsCreated} accounts, in ${result.seconds.toFixed(1)} s (active after ${result.secondsToActive.toFixed(1)} s, consumer lag then ${lagAtActive})`);
    log(`CPU seconds, floor ${JSON.stringify(floorCpu)}; sync ${JSON.stringify(syncCpu)}`);
    log(`${histories.length} workflow runs, at most ${result.maxHistoryEventsPerRun} history events each; process RSS ${result.rssAtStartMb} MB at the start, peak ${result.rssPeakMb} MB, growth ${result.rssGrowthMb} MB`);
    console.log('');
    console.log(`policy sync, ${POLICIES} policies: ${result.rate} policies/s; fair floor ${result.floorRate}/s, ratio ${result.ratio.toFixed(3)} (target 0.6); raw single-database floor ${result.rawRate}/s, rawRatio ${result.rawRatio.toFixed(3)}`);
    writeResult('policy-sync', result);
  } finally {
    await system.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
