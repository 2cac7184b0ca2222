import {
  buildEvent,
  salesWorkflowStepAppliedV1,
  type SalesWorkflowCohortInput,
  type SalesWorkflowCohortPlan,
  type SalesWorkflowCohortStepInput,
  type SalesWorkflowStepResult,
} from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type Executor } from '@agencyflow/db';
import { waitSeconds, type SalesWorkflowStep } from '../domain/sales-workflow-steps';

/**
 * The SR-5 cohort store: the only writer of cohorts, of their step lines, and of what the steps do
 * to the records (assignee, tasks, stage). A cohort's records are the run's records in its page's
 * range of individuals, and they move together (decision 0041): the cohort's current step is
 * theirs, and one line a (cohort, step) is their history, so a step writes per record only what it
 * changes on the record. Every step is one transaction that locks the cohort, applies the step
 * set-based and moves the cohort on: a retried step finds it moved and does nothing twice. Emails
 * are sent between transactions (sales-workflows/cohort-emails.ts).
 */

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

export interface CohortRow {
  id: string;
  tenant_id: string;
  sales_workflow_id: string;
  run_id: string;
  after_individual_id: string | null;
  through_individual_id: string;
  steps: SalesWorkflowStep[];
  records: number;
  current_step: number;
}

const planOf = (cohort: CohortRow): SalesWorkflowCohortPlan => ({
  records: cohort.records,
  steps: cohort.steps.map((step) => (step.kind === 'wait' ? { kind: 'wait', seconds: waitSeconds(step) } : { kind: step.kind })),
});

/**
 * Whether `sales_records r` is one of the cohort's records (a statement part): the run's records
 * whose individual is in the page's range, found by the (tenant, individual) link's index.
 */
export const inCohort = (tx: Executor, cohort: CohortRow) =>
  sqlOf(tx)`
    r.tenant_id = ${cohort.tenant_id} and r.run_id = ${cohort.run_id}
      and r.individual_id > ${cohort.after_individual_id ?? FIRST_ID}::uuid and r.individual_id <= ${cohort.through_individual_id}::uuid`;

/**
 * The cohort (with the workflow's steps as they are now) over the records the run's page created,
 * at step 0. A repeated open changes nothing. The count is taken again each time: the page that
 * created the records committed before its event started this.
 */
export async function openCohort(tx: Executor, input: SalesWorkflowCohortInput, workflowId: string): Promise<SalesWorkflowCohortPlan> {
  const sql = sqlOf(tx);
  const { tenantId, cohortId } = input;
  await sql`
    insert into sales_workflow_cohorts (id, tenant_id, sales_workflow_id, sales_workflow_revision, run_id, page, after_individual_id, through_individual_id,
      steps, records, workflow_id)
    select ${cohortId}, ${tenantId}, w.id, w.revision, ${input.runId}, ${input.page}, ${input.after}, ${input.through}, w.steps, 0, ${workflowId}
    from sales_workflows w where w.tenant_id = ${tenantId} and w.id = ${input.salesWorkflowId}
    on conflict (id) do nothing`;
  const cohort = await findCohortForUpdate(tx, cohortId);
  if (!cohort) return { records: 0, steps: [] };
  const [counted] = await sql<{ records: number }[]>`
    update sales_workflow_cohorts set records = (select count(*) from sales_records r where ${inCohort(tx, cohort)})
    where id = ${cohortId} returning records`;
  return planOf({ ...cohort, records: counted!.records });
}

const selectCohort = (tx: Executor, cohortId: string) =>
  sqlOf(tx)`
    select id, tenant_id, sales_workflow_id, run_id, after_individual_id, through_individual_id, steps, records, current_step
    from sales_workflow_cohorts where id = ${cohortId}`;

/** The cohort, locked for this transaction; undefined if there is none. */
async function findCohortForUpdate(tx: Executor, cohortId: string): Promise<CohortRow | undefined> {
  const [cohort] = await sqlOf(tx)<CohortRow[]>`${selectCohort(tx, cohortId)} for update`;
  return cohort;
}

async function lockCohort(tx: Executor, cohortId: string): Promise<CohortRow> {
  const cohort = await findCohortForUpdate(tx, cohortId);
  if (!cohort) throw new Error(`no sales-workflow cohort ${cohortId} in the tenant`);
  return cohort;
}

/** The cohort, if it is at the step. */
export async function cohortAtStep(tx: Executor, cohortId: string, step: number): Promise<CohortRow | undefined> {
  const [cohort] = await sqlOf(tx)<CohortRow[]>`${selectCohort(tx, cohortId)} and current_step = ${step}`;
  return cohort;
}

/** A wait begins for the cohort's records at the step: they show it, and until when (a retry keeps the first time). */
export async function beginWait(tx: Executor, input: SalesWorkflowCohortStepInput & { seconds: number }): Promise<{ until: string }> {
  const sql = sqlOf(tx);
  const cohort = await lockCohort(tx, input.cohortId);
  if (cohort.current_step === input.step) {
    await sql`
      update sales_workflow_cohorts set state = 'waiting', wait_until = coalesce(wait_until, now() + make_interval(secs => ${input.seconds}))
      where id = ${cohort.id}`;
    await sql`
      insert into sales_workflow_cohort_steps (cohort_id, step_index, tenant_id, kind, outcome, detail, records)
      select id, ${input.step}, tenant_id, 'wait', 'waiting', 'until ' || to_char(wait_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), records
      from sales_workflow_cohorts where id = ${cohort.id}
      on conflict (cohort_id, step_index) do nothing`;
  }
  const [until] = await sql<{ until: string | null }[]>`select wait_until as until from sales_workflow_cohorts where id = ${cohort.id}`;
  return { until: (until?.until ? new Date(until.until) : new Date()).toISOString() };
}

/** What a step did to the cohort's records: the line they share, and how many it did, skipped or could not confirm. */
interface Applied {
  outcome: 'done' | 'skipped';
  detail: string | null;
  done: number;
  skipped: number;
  unconfirmed: number;
}

const allDone = (n: number, detail: string): Applied => ({ outcome: 'done', detail, done: n, skipped: 0, unconfirmed: 0 });

/**
 * Applies the step (an email's sends are done before: see sendCohortEmails) to the cohort's
 * records, writes its line and moves the cohort on, with the cohort's one event for the step. A
 * cohort already past the step (a retry, or a step applied with the one before) changes nothing.
 *
 * Consecutive steps that only set a field of the record (assign to a user, set a stage) are
 * applied together: one update writes each record once (a second update of the same rows, while
 * the run's pages still insert beside it, found no room for a HOT update and cost three times the
 * first). Each step keeps its own line and event; the workflow's next call finds the cohort past it.
 */
export async function applyStep(tx: Executor, input: SalesWorkflowCohortStepInput): Promise<SalesWorkflowStepResult> {
  const cohort = await lockCohort(tx, input.cohortId);
  const step = cohort.steps[input.step];
  if (!step) throw new Error(`the cohort has no step ${input.step}`);
  if (cohort.current_step !== input.step) return { records: 0, done: 0, skipped: 0, unconfirmed: 0 };
  if (step.kind === 'assign' || step.kind === 'stage') return applyFieldSteps(tx, input, cohort);
  return moveOn(tx, input, cohort, step.kind, await applyToRecords(tx, input, cohort, step));
}

/** The field-setting steps from the input's on, by one update; each its line and event. The first step's result. */
async function applyFieldSteps(tx: Executor, input: SalesWorkflowCohortStepInput, cohort: CohortRow): Promise<SalesWorkflowStepResult> {
  const steps = fieldStepsFrom(cohort.steps, input.step);
  const changed = await setFields(tx, cohort, steps);
  const results: SalesWorkflowStepResult[] = [];
  for (const [offset, step] of steps.entries()) {
    const detail = step.kind === 'assign' ? `assigned to ${step.userId}` : `stage ${step.stage}`;
    results.push(await moveOn(tx, { ...input, step: input.step + offset }, cohort, step.kind, allDone(changed, detail)));
  }
  return results[0]!;
}

type FieldStep = Extract<SalesWorkflowStep, { kind: 'assign' | 'stage' }>;

/** The steps from `from` on that only set a field of the record, up to the first that does more. */
function fieldStepsFrom(steps: SalesWorkflowStep[], from: number): FieldStep[] {
  const run: FieldStep[] = [];
  for (const step of steps.slice(from)) {
    if (step.kind !== 'assign' && step.kind !== 'stage') break;
    run.push(step);
  }
  return run;
}

/** One update of the cohort's records for the steps (the last of each kind wins); how many it changed. */
async function setFields(tx: Executor, cohort: CohortRow, steps: FieldStep[]): Promise<number> {
  const sql = sqlOf(tx);
  const assignee = steps.findLast((step) => step.kind === 'assign');
  const stage = steps.findLast((step) => step.kind === 'stage');
  const changed = await sql`
    update sales_records r set
      assignee_user_id = ${assignee ? sql`${assignee.userId}` : sql`r.assignee_user_id`},
      stage = ${stage ? sql`${stage.stage}` : sql`r.stage`},
      revision = revision + 1, updated_at = now()
    where ${inCohort(tx, cohort)}`;
  return changed.count;
}

/** A step that does more than set a field: a round robin, a task, a wait's end, an email's outcomes. */
async function applyToRecords(tx: Executor, input: SalesWorkflowCohortStepInput, cohort: CohortRow, step: Exclude<SalesWorkflowStep, FieldStep>): Promise<Applied> {
  const sql = sqlOf(tx);
  const members = inCohort(tx, cohort);
  switch (step.kind) {
    case 'assign-round-robin':
      return assignRoundRobin(tx, input, cohort, step.securityGroupId);
    case 'task': {
      const [task] = await sql<{ n: number; due: string }[]>`
        with made as (
          insert into sales_record_tasks (tenant_id, sales_record_id, step_index, title, due_at, assignee_user_id)
          select ${input.tenantId}, r.id, ${input.step}, ${step.title}, now() + make_interval(days => ${step.dueInDays}), r.assignee_user_id
          from sales_records r where ${members}
          on conflict (sales_record_id, step_index) do nothing
          returning 1
        )
        select (select count(*) from made)::int as n, to_char((now() + make_interval(days => ${step.dueInDays})) at time zone 'UTC', 'YYYY-MM-DD') as due`;
      return allDone(task!.n, `task due ${task!.due}`);
    }
    case 'wait':
      return allDone(cohort.records, 'waited');
    case 'email': {
      // Each record's line is its email's (the record's view reads sales_workflow_emails).
      const [sent] = await sql<{ done: number; unconfirmed: number; skipped: number }[]>`
        select count(*) filter (where e.state = 'sent')::int as done,
          count(*) filter (where e.state in ('sending', 'unconfirmed'))::int as unconfirmed,
          count(*) filter (where e.state is null or e.state = 'pending')::int as skipped
        from sales_records r
        left join sales_workflow_emails e on e.sales_record_id = r.id and e.step_index = ${input.step}
        where ${members}`;
      return { outcome: 'done', detail: null, ...sent! };
    }
  }
}

/**
 * Round robin over the members of a security group of the tenant (the read model of the
 * account service's groups, sorted): the cohort's records in id order take the members in turn,
 * continuing where the workflow's last cohort left off (the position row, locked, so concurrent
 * cohorts take turns). Each record's line says whom it got: its own history row.
 */
async function assignRoundRobin(tx: Executor, input: SalesWorkflowCohortStepInput, cohort: CohortRow, groupId: string): Promise<Applied> {
  const sql = sqlOf(tx);
  const [group] = await sql<{ members: string[] }[]>`
    select array(select unnest(members) order by 1) as members from security_group_directory
    where tenant_id = ${input.tenantId} and group_id = ${groupId} and not deleted`;
  const members = group?.members ?? [];
  if (members.length === 0) return { outcome: 'skipped', detail: 'the group has no members', done: 0, skipped: cohort.records, unconfirmed: 0 };
  await sql`
    insert into sales_workflow_round_robin (tenant_id, sales_workflow_id, step_index) values (${input.tenantId}, ${cohort.sales_workflow_id}, ${input.step})
    on conflict do nothing`;
  const [at] = await sql<{ position: string }[]>`
    select position from sales_workflow_round_robin where sales_workflow_id = ${cohort.sales_workflow_id} and step_index = ${input.step} for update`;
  const [assigned] = await sql<{ n: number }[]>`
    with turns as (
      select r.id, row_number() over (order by r.id) - 1 as n from sales_records r where ${inCohort(tx, cohort)}
    ), assigned as (
      update sales_records r set assignee_user_id = (${members}::text[])[((${at!.position}::bigint + t.n) % ${members.length}) + 1],
        revision = revision + 1, updated_at = now()
      from turns t where r.id = t.id
      returning r.id, r.assignee_user_id
    ), lines as (
      insert into sales_record_workflow_history (sales_record_id, step_index, tenant_id, cohort_id, kind, outcome, detail, finished_at)
      select id, ${input.step}, ${input.tenantId}, ${cohort.id}, 'assign-round-robin', 'done', 'assigned to ' || assignee_user_id, now() from assigned
      on conflict (sales_record_id, step_index) do nothing
      returning 1
    )
    select (select count(*) from assigned)::int as n`;
  await sql`
    update sales_workflow_round_robin set position = (position + ${assigned!.n}) % ${members.length}
    where sales_workflow_id = ${cohort.sales_workflow_id} and step_index = ${input.step}`;
  return { outcome: 'done', detail: `assigned in turn over ${members.length} members`, done: assigned!.n, skipped: 0, unconfirmed: 0 };
}

/** The cohort moves to the next step, with its line for the step and its one event for it. */
async function moveOn(tx: Executor, input: SalesWorkflowCohortStepInput, cohort: CohortRow, kind: string, applied: Applied): Promise<SalesWorkflowStepResult> {
  const sql = sqlOf(tx);
  await sql`
    update sales_workflow_cohorts set current_step = ${input.step + 1}, state = 'running', wait_until = null
    where id = ${cohort.id}`;
  await sql`
    insert into sales_workflow_cohort_steps (cohort_id, step_index, tenant_id, kind, outcome, detail, records, finished_at)
    values (${cohort.id}, ${input.step}, ${cohort.tenant_id}, ${kind}, ${applied.outcome}, ${applied.detail}, ${cohort.records}, now())
    on conflict (cohort_id, step_index) do update set outcome = excluded.outcome, detail = excluded.detail, records = excluded.records, finished_at = now()`;
  const result = { records: cohort.records, done: applied.done, skipped: applied.skipped, unconfirmed: applied.unconfirmed };
  if (cohort.records > 0) {
    await writeOutbox(tx, [
      buildEvent(salesWorkflowStepAppliedV1, {
        tenantId: input.tenantId,
        aggregateId: input.cohortId,
        data: { cohortId: input.cohortId, salesWorkflowId: cohort.sales_workflow_id, runId: cohort.run_id, step: input.step, kind, ...result },
      }),
    ]);
  }
  return result;
}

/** The cohort is done, and so are its records (they show the cohort's state). */
export async function completeCohort(tx: Executor, cohortId: string): Promise<void> {
  await sqlOf(tx)`update sales_workflow_cohorts set state = 'completed', wait_until = null, completed_at = coalesce(completed_at, now()) where id = ${cohortId}`;
}
