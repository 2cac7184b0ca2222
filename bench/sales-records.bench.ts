/**
 * `npm run bench -- sales-records [--n N] [--page-size N]` — mass sales-record creation (SR-2..SR-5);
 * pages of the run's default size (5,000) unless --page-size says otherwise.
 *
 * Seeds N individuals (default 100,000) that one criterion matches, with protected fields as
 * ciphertext, then runs SR-2 through the real path: HTTP preview (untimed) and confirm, the run
 * workflow, its page activities pulling the fields from the account service, the records written
 * set-based, the page events through the outbox and Kafka. The clock stops when the run is
 * completed. Then SR-5: the type names a sales workflow whose first step assigns the record;
 * `sr5StepSeconds` is the time from the confirm until every one of the N records has that first
 * step in its history (cohort workflows started from the page events, one per page).
 *
 * The floor, in the same run and database: a plain INSERT ... SELECT of the same N final
 * sales-record rows into sales_records (same indexes) from source rows already in the sales
 * database. Prints and writes bench-results/sales-records.json. Not a test: nothing asserts a time.
 */
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { salesRecordSourceColumns } from '@agencyflow/contracts';
import { copyText } from '@agencyflow/db';
import { eventually, issueToken, shortId, startMailCatcher } from '@agencyflow/testing';
import { salesApi } from '../test/support/sales-records';
import { startTestSystem, type TestSystem } from '../test/support/system';
import { cpuSeconds, cpuSpent, log, rate, writeResult, arg } from './support';

const N = arg('n', 100_000);
/** Individuals a page; 0: the run's default (the workflow's DEFAULT_PAGE_SIZE, 5,000). */
const PAGE_SIZE = arg('page-size', 0);

/** N individuals of the tenant, one account each, sharing a lead source, set-based in the account database. */
async function seedIndividuals(system: TestSystem, tenantId: string, leadSource: string) {
  const cipher = system.account.runtime.deps.fieldCipher;
  const [ssn, dob, mbi] = [cipher.encrypt('123-45-6789'), cipher.encrypt('1950-06-15'), cipher.encrypt('1EG4TE5MK73')];
  await system.account.database.sql.begin(async (tx) => {
    await tx`
      insert into accounts (id, tenant_id, name, status, created_by)
      select gen_random_uuid(), ${tenantId}, 'Household ' || n, 'prospect', 'bench' from generate_series(1, ${N}) as n`;
    await tx`
      insert into contacts (tenant_id, account_id, role, status, first_name, last_name, secondary_email, cell_phone, city, state, zip,
        lead_source, ssn_enc, date_of_birth_enc, birth_year, mbi_enc, custom_fields, created_by)
      select ${tenantId}, id, 'primary', 'prospect', 'First' || substr(name, 11), 'Last' || substr(name, 11), 'p' || substr(name, 11) || '@example.com',
        '+1 305 555 0100', 'Miami', 'FL', '33139', ${leadSource}, ${ssn}, ${dob}, 1950, ${mbi}, '{}'::jsonb, 'bench'
      from accounts where tenant_id = ${tenantId}`;
  });
  await system.account.database.sql`analyze contacts`;
}

/** The same N source rows, already in the sales database (untimed): the floor starts from them. */
async function stageSources(system: TestSystem, tenantId: string) {
  const salesSql = system.sales.database.sql;
  await salesSql`drop table if exists bench_sources`;
  await salesSql.unsafe(`create unlogged table bench_sources (${salesRecordSourceColumns.map(([name, type]) => `${name} ${type}`).join(', ')})`);
  const rows = system.account.database.sql
    .unsafe(
      `select id::text, first_name, middle_name, last_name, nickname, title, record_status, secondary_email, cell_phone, home_phone, address_type,
          address_line1, city, county, zip, state, gender, date_of_birth_enc, lead_source, mbi_enc, medicare_part_a_effective_date::text,
          medicare_part_b_effective_date::text, ssn_enc, drivers_license_number_enc, smoker_status, custom_fields::text, null
        from contacts where tenant_id = $1`,
      [tenantId],
    )
    .values()
    .cursor(10_000);
  async function* lines() {
    for await (const batch of rows) yield copyText(batch as (string | null)[][]);
  }
  await pipeline(Readable.from(lines()), await salesSql`copy bench_sources from stdin`.writable());
  await salesSql`analyze bench_sources`;
}

const carried = salesRecordSourceColumns.map(([name]) => name).filter((name) => !['individual_id', 'assignee_user_id', 'custom_fields'].includes(name));

/** The floor: the N final rows by one INSERT ... SELECT, with the table's indexes (the (tenant, individual) link among them). */
async function floor(system: TestSystem, floorTenant: string, typeId: string): Promise<number> {
  const started = performance.now();
  await system.sales.database.sql.unsafe(
    `insert into sales_records (tenant_id, sales_record_type_id, individual_id, run_id, assignee_user_id, custom_fields, created_by, ${carried.join(', ')})
     select $1, $2, s.individual_id, null, s.assignee_user_id, coalesce(s.custom_fields, '{}'::jsonb), 'bench', ${carried.map((c) => `s.${c}`).join(', ')}
     from bench_sources s order by s.individual_id
     on conflict (tenant_id, individual_id) where individual_id is not null do nothing`,
    [floorTenant, typeId],
  );
  const ms = performance.now() - started;
  await system.sales.database.sql`delete from sales_records where tenant_id = ${floorTenant}`;
  await system.sales.database.sql`drop table bench_sources`;
  return ms;
}

async function main() {
  const mail = await startMailCatcher();
  const system = await startTestSystem({ salesEnv: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.smtpPort) } });
  try {
    const tenantId = `sr-bench-${shortId()}`;
    const leadSource = `bench-${shortId()}`;
    const api = salesApi(system, await issueToken({ tenantId, subject: 'bench', groups: ['agency-admin'] }));
    const seeded = performance.now();
    await seedIndividuals(system, tenantId, leadSource);
    log(`seeded ${N} individuals in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const flow = (await api.sales('post', '/sales-workflows').send({ name: 'Bench', steps: [{ kind: 'assign', userId: 'bench-agent' }, { kind: 'stage', stage: 'new' }] }).expect(201)).body.id;
    const typeId = (await api.sales('post', '/sales-record-types').send({ name: 'Bench', salesWorkflowId: flow }).expect(201)).body.id as string;

    await stageSources(system, tenantId);
    const floorCpuBefore = cpuSeconds();
    const floorMs = await floor(system, crypto.randomUUID(), typeId);
    const floorCpu = cpuSpent(floorCpuBefore, cpuSeconds());
    log(`floor: ${N} rows by INSERT ... SELECT in ${(floorMs / 1000).toFixed(2)} s`);
    await system.sales.database.sql`vacuum analyze sales_records`;

    const body = { criteria: { leadSource: [leadSource] }, salesRecordTypeId: typeId };
    const { matched } = (await api.preview(body).expect(200)).body;
    if (matched !== N) throw new Error(`the preview matched ${matched}, not ${N}`);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 1000);
    const runCpuBefore = cpuSeconds();
    const started = performance.now();
    const runId = (await api.confirm({ ...body, expectedMatched: N, ...(PAGE_SIZE ? { pageSize: PAGE_SIZE } : {}) }).expect(202)).body.runId as string;
    const confirmMs = performance.now() - started;
    const run = await api.completed(runId, 4 * 60 * 60_000);
    const runMs = performance.now() - started;
    const runCpu = cpuSpent(runCpuBefore, cpuSeconds());
    if (run.created !== N) throw new Error(`the run created ${run.created} of ${N}`);
    const [times] = await system.sales.database.sql<{ first_page: number; pages: number; last_page: number; completed: number }[]>`
      select extract(epoch from started_at - requested_at)::float as first_page, extract(epoch from progressed_at - started_at)::float as pages,
        extract(epoch from completed_at - progressed_at)::float as completed, 0 as last_page
      from sales_record_runs where id = ${runId}`;
    log(`run: ${N} records in ${(runMs / 1000).toFixed(2)} s: confirm answered after ${(confirmMs / 1000).toFixed(2)} s; first page decided ${times!.first_page.toFixed(2)} s after the request, the last ${times!.pages.toFixed(2)} s after it, completed ${times!.completed.toFixed(2)} s later`);

    // SR-5: every record has its first step (assign) in its history.
    await eventually(
      async () => {
        const [done] = await system.sales.database.sql<{ n: number }[]>`
          select coalesce(sum(records), 0)::int as n from sales_workflow_cohort_steps where tenant_id = ${tenantId} and step_index = 0 and finished_at is not null`;
        if (done!.n < N) throw new Error(`${done!.n} of ${N} records past the first step`);
      },
      { timeoutMs: 4 * 60 * 60_000, intervalMs: 200 },
    );
    const sr5Ms = performance.now() - started;
    clearInterval(sampler);
    const [assigned] = await system.sales.database.sql<{ n: number }[]>`
      select count(*)::int as n from sales_records where tenant_id = ${tenantId} and assignee_user_id = 'bench-agent'`;
    const [cohorts] = await system.sales.database.sql<{ n: number }[]>`select count(*)::int as n from sales_workflow_cohorts where tenant_id = ${tenantId}`;

    const result = {
      scenario: 'sales-records',
      n: N,
      pageSize: PAGE_SIZE || 'default (5000)',
      seconds: runMs / 1000,
      rate: rate(N, runMs),
      floorSeconds: floorMs / 1000,
      floorRate: rate(N, floorMs),
      ratio: rate(N, runMs) / rate(N, floorMs),
      sr5StepSeconds: sr5Ms / 1000,
      sr5AfterRunSeconds: (sr5Ms - runMs) / 1000,
      sr5Cohorts: cohorts!.n,
      sr5Assigned: assigned!.n,
      rssAtStartMb: Math.round(rssBefore / 2 ** 20),
      rssPeakMb: Math.round(rssPeak / 2 ** 20),
      floorCpuSeconds: floorCpu,
      runCpuSeconds: runCpu,
    };
    log(`CPU seconds, floor ${JSON.stringify(floorCpu)}; run ${JSON.stringify(runCpu)}`);
    console.log('');
    console.log(
      `sales records, ${N} individuals: ${result.rate}/s; floor ${result.floorRate}/s, ratio ${result.ratio.toFixed(3)} (target 0.75); ` +
        `SR-5 first step for all ${N} records ${result.sr5StepSeconds.toFixed(1)} s after the confirm (${result.sr5AfterRunSeconds.toFixed(1)} s after the run) in ${result.sr5Cohorts} cohorts`,
    );
    writeResult('sales-records', result);
  } finally {
    await system.stop();
    await mail.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
