import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase, ensureDatabase, runMigrations, type Database } from '@agencyflow/db';
import { shortId, testEnvironment } from '@agencyflow/testing';
import { recordWorkflowOf } from '../src/sales-records/record-workflow-queries';
import { runIndividuals } from '../src/sales-record-runs/run-queries';

const migrations = path.resolve(__dirname, '../migrations');

/** The service's migrations up to `lastTag` only: a database as a deployment before the change has it. */
function migrationsThrough(lastTag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sales-migrations-'));
  cpSync(migrations, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string; idx: number }> };
  const last = journal.entries.find((e) => e.tag === lastTag)!.idx;
  journal.entries = journal.entries.filter((e) => e.idx <= last);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

const ids = {
  workflow: '11111111-1111-4111-8111-111111111111',
  type: '22222222-2222-4222-8222-222222222222',
  run: '33333333-3333-4333-8333-333333333333',
  cohort0: 'c0000000-0000-4000-8000-000000000000',
  cohort1: 'c0000000-0000-4000-8000-000000000001',
  record: (n: number) => `a0000000-0000-4000-8000-00000000000${n}`,
  individual: (n: number) => `b0000000-0000-4000-8000-00000000000${n}`,
};

/**
 * SR-5/SR-6 for deployments with data: migrations 0011 and 0012 (decision 0041) carry cohorts,
 * their records' places and histories, and runs' outcomes made before them, on a real database
 * migrated to 0010 and filled as the code before the change filled it.
 */
describe('SR-5 SR-6 migrations 0011 and 0012 carry what was made before them', () => {
  const name = `t_sales_mig_${shortId()}`;
  const tenant = 'tenant-before';
  let database: Database;
  let before: string;

  beforeAll(async () => {
    await ensureDatabase(testEnvironment.adminDatabaseUrl, name);
    database = createDatabase({ url: databaseUrl(testEnvironment.adminDatabaseUrl, name), schema: {}, max: 2 });
    before = migrationsThrough('0010_hot_updates');
    await runMigrations(database, before);
    const sql = database.sql;
    const steps = JSON.stringify([{ kind: 'stage', stage: 'new' }, { kind: 'wait', days: 1 }]);
    await sql`insert into sales_workflows (id, tenant_id, name, steps, created_by) values (${ids.workflow}, ${tenant}, 'W', ${steps}::jsonb, 'x')`;
    await sql`insert into sales_record_types (id, tenant_id, name, sales_workflow_id, created_by) values (${ids.type}, ${tenant}, 'T', ${ids.workflow}, 'x')`;
    await sql`insert into sales_record_runs (id, tenant_id, sales_record_type_id, sales_record_type_name, requested_by, workflow_id, matched, created, failed, state)
      values (${ids.run}, ${tenant}, ${ids.type}, 'T', 'x', 'wf', 4, 3, 1, 'completed')`;
    for (const n of [1, 2, 3]) {
      await sql`insert into sales_records (id, tenant_id, sales_record_type_id, individual_id, run_id, created_by, first_name, last_name)
        values (${ids.record(n)}, ${tenant}, ${ids.type}, ${ids.individual(n)}, ${ids.run}, 'x', ${`F${n}`}, 'L')`;
    }
    // The snapshot with each outcome, as pages decided them before: 1-3 created, 4 failed.
    for (const n of [1, 2, 3]) {
      await sql`insert into sales_record_run_individuals (run_id, individual_id, tenant_id, outcome, sales_record_id, decided_at)
        values (${ids.run}, ${ids.individual(n)}, ${tenant}, 'created', ${ids.record(n)}, now())`;
    }
    await sql`insert into sales_record_run_individuals (run_id, individual_id, tenant_id, outcome, reason, decided_at)
      values (${ids.run}, ${ids.individual(4)}, ${tenant}, 'failed', 'individual not found (deleted since the run was confirmed)', now())`;
    // Page 0 (records 1, 2) waits at step 1; page 1 (record 3) has not begun its first step.
    await sql`insert into sales_workflow_cohorts (id, tenant_id, sales_workflow_id, sales_workflow_revision, run_id, page, steps, records, workflow_id, current_step)
      values (${ids.cohort0}, ${tenant}, ${ids.workflow}, 1, ${ids.run}, 0, ${steps}::jsonb, 2, 'w0', 1),
             (${ids.cohort1}, ${tenant}, ${ids.workflow}, 1, ${ids.run}, 1, ${steps}::jsonb, 1, 'w1', 0)`;
    for (const n of [1, 2]) {
      await sql`insert into sales_record_workflows (sales_record_id, tenant_id, cohort_id, sales_workflow_id, current_step, state, wait_until)
        values (${ids.record(n)}, ${tenant}, ${ids.cohort0}, ${ids.workflow}, 1, 'waiting', now() + interval '1 day')`;
      await sql`insert into sales_record_workflow_history (sales_record_id, step_index, tenant_id, cohort_id, kind, outcome, detail, finished_at)
        values (${ids.record(n)}, 0, ${tenant}, ${ids.cohort0}, 'stage', 'done', 'stage new', now()),
               (${ids.record(n)}, 1, ${tenant}, ${ids.cohort0}, 'wait', 'waiting', 'until tomorrow', null)`;
    }
    await sql`insert into sales_record_workflows (sales_record_id, tenant_id, cohort_id, sales_workflow_id) values (${ids.record(3)}, ${tenant}, ${ids.cohort1}, ${ids.workflow})`;
    await runMigrations(database, migrations);
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await dropDatabase(testEnvironment.adminDatabaseUrl, name);
    if (before) rmSync(before, { recursive: true, force: true });
  });

  it('SR-5 each cohort gets its page’s range, its place and its step lines from its records’ rows', async () => {
    const cohorts = await database.sql<{ page: number; after: string | null; through: string; state: string; waiting: boolean; current_step: number }[]>`
      select page, after_individual_id as after, through_individual_id as through, state, wait_until is not null as waiting, current_step
      from sales_workflow_cohorts order by page`;
    expect(cohorts).toEqual([
      { page: 0, after: null, through: ids.individual(2), state: 'waiting', waiting: true, current_step: 1 },
      { page: 1, after: ids.individual(2), through: ids.individual(3), state: 'running', waiting: false, current_step: 0 },
    ]);
    const lines = await database.sql`select cohort_id, step_index, kind, outcome, records from sales_workflow_cohort_steps order by cohort_id, step_index`;
    expect(lines).toEqual([
      { cohort_id: ids.cohort0, step_index: 0, kind: 'stage', outcome: 'done', records: 2 },
      { cohort_id: ids.cohort0, step_index: 1, kind: 'wait', outcome: 'waiting', records: 2 },
    ]);
  });

  it('SR-5 a record shows the same place and history as before: its own lines kept, its cohort’s place', async () => {
    const waiting = await recordWorkflowOf(database.db, tenant, ids.record(1));
    expect(waiting).toMatchObject({ cohortId: ids.cohort0, state: 'waiting', currentStep: { index: 1, kind: 'wait' } });
    expect(waiting!.history.map((h) => [h.step, h.kind, h.outcome, h.detail])).toEqual([
      [0, 'stage', 'done', 'stage new'],
      [1, 'wait', 'waiting', 'until tomorrow'],
    ]);
    expect(await recordWorkflowOf(database.db, tenant, ids.record(3))).toMatchObject({ cohortId: ids.cohort1, state: 'running', currentStep: { index: 0, kind: 'stage' }, history: [] });
  });

  it('SR-6 outcomes decided before stay: created with their record (by the link), failed with its reason', async () => {
    const lines = [];
    for await (const batch of runIndividuals(database, ids.run)) lines.push(...batch);
    expect(lines.map((l) => [l.individualId, l.outcome, l.salesRecordId])).toEqual([
      [ids.individual(1), 'created', ids.record(1)],
      [ids.individual(2), 'created', ids.record(2)],
      [ids.individual(3), 'created', ids.record(3)],
      [ids.individual(4), 'failed', null],
    ]);
    expect(lines[3]!.reason).toBe('individual not found (deleted since the run was confirmed)');
  });
});
