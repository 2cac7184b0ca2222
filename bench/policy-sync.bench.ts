/**
 * `npm run bench` — policy sync throughput (issue: Agent CRM provisioning, "Measure").
 *
 * Syncs a book of N policies (default 100,000) written by one NPN, with their members, into a new
 * Agent CRM business through the real path (HTTP -> provisioning workflow -> paged policy copy on
 * the policy service's worker -> contacts on the account service's worker), and, in the same
 * run, the raw floor: one set-based INSERT ... SELECT of the same policy and member rows inside
 * the policy database. Prints both rates and their ratio. Not a test: nothing asserts a time.
 */
import { performance } from 'node:perf_hooks';
import { importCarrierFeed } from '@agencyflow/policy-service/src/use-cases/import-carrier-feed';
import { issueToken, shortId } from '@agencyflow/testing';
import { startTestSystem } from '../test/support/system';
import { agentCrmApi } from '../test/support/agent-crm';
import { bookRows } from '../test/support/fmo-book';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const POLICIES = arg('policies', 100_000);
const PAGE_SIZE = arg('page-size', 1000);

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const log = (line: string) => console.log(`[bench] ${line}`);

async function main() {
  const system = await startTestSystem();
  try {
    const fmo = `fmo-bench-${shortId()}`;
    const npn = '4242424242';
    const policyDeps = system.policy.runtime.deps;

    log(`loading the FMO book: ${POLICIES} policies for NPN ${npn} (every 2nd with a spouse) through the carrier feed import`);
    const rows = bookRows([{ npn, policies: POLICIES, spouseEvery: 2, noEmailEvery: 5 }]);
    const loadStarted = performance.now();
    const imported = await importCarrierFeed(policyDeps, {
      tenantId: fmo,
      importedBy: 'bench',
      format: 'json',
      rows: rows.map((values, i) => ({ row: i + 1, values })),
    });
    log(`book loaded: ${imported.policies.inserted} policies, ${imported.rows.valid} member rows in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    // The raw floor: the same rows copied by two set-based statements in one transaction.
    const { sql } = policyDeps.database;
    const rawTenant = `raw-${shortId()}`;
    const rawStarted = performance.now();
    await sql.begin(async (tx) => {
      await tx`
        insert into policies (id, tenant_id, carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium,
          writing_agent_npn, account_id, policyholder_contact_id, revision, source, fingerprint, created_by, updated_by)
        select gen_random_uuid(), ${rawTenant}, carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium,
          writing_agent_npn, account_id, policyholder_contact_id, 1, 'policy-sync', fingerprint, 'bench', 'bench'
        from policies where tenant_id = ${fmo} and writing_agent_npn = ${npn}`;
      await tx`
        insert into policy_members (policy_id, tenant_id, member_key, relationship, first_name, last_name, date_of_birth_enc, gender,
          email, phone, address_line1, city, state, zip, mbi_enc, contact_id, fingerprint)
        select c.id, ${rawTenant}, m.member_key, m.relationship, m.first_name, m.last_name, m.date_of_birth_enc, m.gender,
          m.email, m.phone, m.address_line1, m.city, m.state, m.zip, m.mbi_enc, m.contact_id, m.fingerprint
        from policies f join policy_members m on m.policy_id = f.id
        join policies c on c.tenant_id = ${rawTenant} and c.carrier = f.carrier and c.policy_number = f.policy_number
        where f.tenant_id = ${fmo} and f.writing_agent_npn = ${npn}`;
    });
    const rawMs = performance.now() - rawStarted;
    await sql`delete from policies where tenant_id = ${rawTenant}`;
    log(`raw INSERT ... SELECT: ${POLICIES} policies + members in ${(rawMs / 1000).toFixed(2)} s = ${rate(POLICIES, rawMs)} policies/s`);

    // The real thing, as an FMO admin starts it.
    const api = agentCrmApi(system, await issueToken({ tenantId: fmo, subject: 'bench', groups: ['fmo-admin'] }));
    const syncStarted = performance.now();
    const started = await api
      .provision({ name: 'Bench Agency', kind: 'agent', users: [{ name: 'Bench', email: `bench.${shortId()}@x.example`, npn }], policySyncEnabled: true, pageSize: PAGE_SIZE })
      .expect(202);
    const done = await api.settled(started.body.businessId, { timeoutMs: 60 * 60_000 });
    const syncMs = performance.now() - syncStarted;
    const report = done.report;
    log(`workflow: ${report.policies} policies, ${report.members} members -> ${report.contactsCreated} contacts in ${report.accountsCreated} accounts, ${report.pages} pages of ${PAGE_SIZE}, in ${(syncMs / 1000).toFixed(1)} s = ${rate(report.policies, syncMs)} policies/s`);
    const memory = process.memoryUsage();
    log(`process memory after the run (services + workers in this process): rss ${(memory.rss / 2 ** 20).toFixed(0)} MB, heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB`);
    const ratio = rate(report.policies, syncMs) / rate(POLICIES, rawMs);
    console.log('');
    console.log(`policy sync, ${POLICIES} policies: workflow ${rate(report.policies, syncMs)} policies/s, raw INSERT...SELECT ${rate(POLICIES, rawMs)} policies/s, ratio ${ratio.toFixed(3)} (target 0.5)`);
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
