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
 * The SR-5 cohort store: the only writer of cohorts, of each record's place in its sales workflow
 * (`sales_record_workflows`) and history, and of what the steps do to the records (assignee,
 * tasks, stage). Every step is a few set-based statements over the cohort's records that are at
 * it, in one transaction that also moves them on: a retried step finds them moved and does
 * nothing twice. Emails are sent between transactions (sales-workflows/cohort-emails.ts).
 */

interface CohortRow {
  id: string;
  sales_workflow_id: string;
  run_id: string;
  steps: SalesWorkflowStep[];
  records: number;
}

const planOf = (cohort: CohortRow): SalesWorkflowCohortPlan => ({
  records: cohort.records,
  steps: cohort.steps.map((step) => (step.kind === 'wait' ? { kind: 'wait', seconds: waitSeconds(step) } : { kind: step.kind })),
});

/**
 * The cohort (with the workflow's steps as they are now) and its records, each at step 0: the
 * records the run's page created, read from the page's outcomes. A record runs one sales workflow
 * once (its row's key), so a repeated open changes nothing.
 */
export async function openCohort(tx: Executor, input: SalesWorkflowCohortInput, workflowId: string): Promise<SalesWorkflowCohortPlan> {
  const sql = sqlOf(tx);
  const { tenantId, cohortId } = input;
  await sql`
    insert into sales_workflow_cohorts (id, tenant_id, sales_workflow_id, sales_workflow_revision, run_id, page, steps, records, workflow_id)
    select ${cohortId}, ${tenantId}, w.id, w.revision, ${input.runId}, ${input.page}, w.steps, 0, ${workflowId}
    from sales_workflows w where w.tenant_id = ${tenantId} and w.id = ${input.salesWorkflowId}
    on conflict (id) do nothing`;
  const [cohort] = await sql<CohortRow[]>`select id, sales_workflow_id, run_id, steps, records from sales_workflow_cohorts where id = ${cohortId} for update`;
  if (!cohort) return { records: 0, steps: [] };
  if (cohort.records > 0) return planOf(cohort);
  await sql`
    insert into sales_record_workflows (sales_record_id, tenant_id, cohort_id, sales_workflow_id)
    select ri.sales_record_id, ${tenantId}, ${cohortId}, ${cohort.sales_workflow_id}
    from sales_record_run_individuals ri
    where ri.run_id = ${input.runId} and ri.outcome = 'created'
      and ri.individual_id > ${input.after ?? '00000000-0000-0000-0000-000000000000'}::uuid and ri.individual_id <= ${input.through}::uuid
    order by ri.sales_record_id
    on conflict (sales_record_id) do nothing`;
  const [counted] = await sql<{ records: number }[]>`
    update sales_workflow_cohorts set records = (select count(*) from sales_record_workflows where cohort_id = ${cohortId})
    where id = ${cohortId} returning records`;
  return planOf({ ...cohort, records: counted!.records });
}

async function lockCohort(tx: Executor, cohortId: string): Promise<CohortRow> {
  const [cohort] = await sqlOf(tx)<CohortRow[]>`select id, sales_workflow_id, run_id, steps, records from sales_workflow_cohorts where id = ${cohortId} for update`;
  if (!cohort) throw new Error(`no sales-workflow cohort ${cohortId} in the tenant`);
  return cohort;
}

/** A wait begins for the cohort's records at the step: they show it, and until when. */
export async function beginWait(tx: Executor, input: SalesWorkflowCohortStepInput & { seconds: number }): Promise<{ until: string }> {
  const sql = sqlOf(tx);
  await lockCohort(tx, input.cohortId);
  await sql`
    with waiting as (
      update sales_record_workflows set state = 'waiting', wait_until = now() + make_interval(secs => ${input.seconds}), updated_at = now()
      where cohort_id = ${input.cohortId} and current_step = ${input.step} and state = 'running'
      returning sales_record_id, wait_until
    )
    insert into sales_record_workflow_history (sales_record_id, step_index, tenant_id, cohort_id, kind, outcome, detail)
    select sales_record_id, ${input.step}, ${input.tenantId}, ${input.cohortId}, 'wait', 'waiting', 'until ' || to_char(wait_until at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    from waiting
    on conflict (sales_record_id, step_index) do nothing`;
  const [until] = await sql<{ until: string | null }[]>`select max(wait_until) as until from sales_record_workflows where cohort_id = ${input.cohortId} and current_step = ${input.step}`;
  return { until: (until?.until ? new Date(until.until) : new Date()).toISOString() };
}

/** What one step did to each record at it: the outcome and a line for its history. */
type Applied = { done: number; skipped: number; unconfirmed: number };

/**
 * Applies the step (not an email: see applyEmailOutcomes) to the cohort's records at it, writes
 * each one's history, moves them on and publishes the cohort's one event for the step.
 */
export async function applyStep(tx: Executor, input: SalesWorkflowCohortStepInput): Promise<SalesWorkflowStepResult> {
  const cohort = await lockCohort(tx, input.cohortId);
  const step = cohort.steps[input.step];
  if (!step) throw new Error(`the cohort has no step ${input.step}`);
  const applied = await applyToRecords(tx, input, cohort, step);
  return moveOn(tx, input, cohort, step.kind, applied);
}

/** The records at the step, as a statement part. */
const atStep = (tx: Executor, input: SalesWorkflowCohortStepInput) =>
  sqlOf(tx)`select sales_record_id from sales_record_workflows where cohort_id = ${input.cohortId} and current_step = ${input.step}`;

/** History lines for records the statement `changed` returns (id, detail), done. */
async function recordHistory(tx: Executor, input: SalesWorkflowCohortStepInput, kind: string, changed: { id: string; detail: string | null; outcome?: string }[]): Promise<void> {
  if (changed.length === 0) return;
  await sqlOf(tx)`
    insert into sales_record_workflow_history (sales_record_id, step_index, tenant_id, cohort_id, kind, outcome, detail, finished_at)
    select id, ${input.step}, ${input.tenantId}, ${input.cohortId}, ${kind}, outcome, detail, now()
    from unnest(${changed.map((c) => c.id)}::uuid[], ${changed.map((c) => c.outcome ?? 'done')}::text[], ${changed.map((c) => c.detail)}::text[]) as h(id, outcome, detail)
    on conflict (sales_record_id, step_index) do update set outcome = excluded.outcome, detail = excluded.detail, finished_at = now()`;
}

const tally = (rows: { outcome?: string }[]): Applied => ({
  done: rows.filter((r) => (r.outcome ?? 'done') === 'done').length,
  skipped: rows.filter((r) => r.outcome === 'skipped').length,
  unconfirmed: rows.filter((r) => r.outcome === 'unconfirmed').length,
});

async function applyToRecords(tx: Executor, input: SalesWorkflowCohortStepInput, cohort: CohortRow, step: SalesWorkflowStep): Promise<Applied> {
  const sql = sqlOf(tx);
  const members = atStep(tx, input);
  let changed: { id: string; detail: string | null; outcome?: string }[];
  switch (step.kind) {
    case 'assign':
      changed = await sql`
        update sales_records set assignee_user_id = ${step.userId}, revision = revision + 1, updated_at = now()
        where id in (${members}) returning id, ${`assigned to ${step.userId}`}::text as detail`;
      break;
    case 'assign-round-robin':
      changed = await assignRoundRobin(tx, input, cohort, step.securityGroupId);
      break;
    case 'task':
      changed = await sql`
        insert into sales_record_tasks (tenant_id, sales_record_id, step_index, title, due_at, assignee_user_id)
        select ${input.tenantId}, r.id, ${input.step}, ${step.title}, now() + make_interval(days => ${step.dueInDays}), r.assignee_user_id
        from sales_records r where r.id in (${members})
        on conflict (sales_record_id, step_index) do nothing
        returning sales_record_id as id, 'task due ' || to_char(due_at at time zone 'UTC', 'YYYY-MM-DD') as detail`;
      break;
    case 'stage':
      changed = await sql`
        update sales_records set stage = ${step.stage}, revision = revision + 1, updated_at = now()
        where id in (${members}) returning id, ${`stage ${step.stage}`}::text as detail`;
      break;
    case 'wait':
      changed = await sql`select sales_record_id as id, 'waited' as detail from sales_record_workflows where cohort_id = ${input.cohortId} and current_step = ${input.step}`;
      break;
    case 'email':
      changed = await sql`
        select w.sales_record_id as id,
          case e.state when 'sent' then 'done' when 'unconfirmed' then 'unconfirmed' when 'sending' then 'unconfirmed' else 'skipped' end as outcome,
          case e.state when 'sent' then 'sent to ' || e.to_address
            when 'unconfirmed' then 'not confirmed by the SMTP server; not sent again'
            when 'sending' then 'not confirmed by the SMTP server; not sent again'
            else 'no email address' end as detail
        from sales_record_workflows w
        left join sales_workflow_emails e on e.sales_record_id = w.sales_record_id and e.step_index = ${input.step}
        where w.cohort_id = ${input.cohortId} and w.current_step = ${input.step}`;
      break;
  }
  await recordHistory(tx, input, step.kind, changed);
  return tally(changed);
}

/**
 * Round robin over the members of a security group of the tenant (the read model of the
 * account service's groups, sorted): the cohort's records in id order take the members in turn,
 * continuing where the workflow's last cohort left off (the position row, locked, so concurrent
 * cohorts take turns).
 */
async function assignRoundRobin(tx: Executor, input: SalesWorkflowCohortStepInput, cohort: CohortRow, groupId: string) {
  const sql = sqlOf(tx);
  const [group] = await sql<{ members: string[] }[]>`
    select array(select unnest(members) order by 1) as members from security_group_directory
    where tenant_id = ${input.tenantId} and group_id = ${groupId} and not deleted`;
  const members = group?.members ?? [];
  if (members.length === 0) {
    return sql<{ id: string; detail: string; outcome: string }[]>`
      select sales_record_id as id, 'skipped' as outcome, 'the group has no members' as detail
      from sales_record_workflows where cohort_id = ${input.cohortId} and current_step = ${input.step}`;
  }
  await sql`
    insert into sales_workflow_round_robin (tenant_id, sales_workflow_id, step_index) values (${input.tenantId}, ${cohort.sales_workflow_id}, ${input.step})
    on conflict do nothing`;
  const [at] = await sql<{ position: string }[]>`
    select position from sales_workflow_round_robin where sales_workflow_id = ${cohort.sales_workflow_id} and step_index = ${input.step} for update`;
  const changed = await sql<{ id: string; detail: string }[]>`
    with turns as (
      select sales_record_id, row_number() over (order by sales_record_id) - 1 as n
      from sales_record_workflows where cohort_id = ${input.cohortId} and current_step = ${input.step}
    )
    update sales_records r set assignee_user_id = (${members}::text[])[((${at!.position}::bigint + t.n) % ${members.length}) + 1],
      revision = revision + 1, updated_at = now()
    from turns t where r.id = t.sales_record_id
    returning r.id, 'assigned to ' || r.assignee_user_id as detail`;
  await sql`
    update sales_workflow_round_robin set position = (position + ${changed.length}) % ${members.length}
    where sales_workflow_id = ${cohort.sales_workflow_id} and step_index = ${input.step}`;
  return changed;
}

/** The records at the step move to the next one; the cohort's one event for the step. */
async function moveOn(tx: Executor, input: SalesWorkflowCohortStepInput, cohort: CohortRow, kind: string, applied: Applied): Promise<SalesWorkflowStepResult> {
  const sql = sqlOf(tx);
  const moved = await sql`
    update sales_record_workflows set current_step = ${input.step + 1}, state = 'running', wait_until = null, updated_at = now()
    where cohort_id = ${input.cohortId} and current_step = ${input.step}
    returning 1`;
  await sql`update sales_workflow_cohorts set current_step = greatest(current_step, ${input.step + 1}) where id = ${input.cohortId}`;
  const result = { records: moved.length, ...applied };
  if (moved.length > 0) {
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

/** The cohort is done: it and its records say so. */
export async function completeCohort(tx: Executor, cohortId: string): Promise<void> {
  const sql = sqlOf(tx);
  await sql`update sales_workflow_cohorts set state = 'completed', completed_at = coalesce(completed_at, now()) where id = ${cohortId}`;
  await sql`update sales_record_workflows set state = 'completed', updated_at = now() where cohort_id = ${cohortId} and state <> 'completed'`;
}
