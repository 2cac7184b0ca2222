import { sqlOf, type Executor } from '@agencyflow/db';
import type { SalesWorkflowStep } from '../domain/sales-workflow-steps';

/** A time as postgres.js answers it (text), in ISO form. */
const iso = (at: string | null) => (at === null ? null : new Date(at).toISOString());

interface HistoryLine {
  step_index: number;
  kind: string;
  outcome: string;
  detail: string | null;
  started_at: string;
  finished_at: string | null;
}

/** An email step's line for one record, from its email's state (decision 0029). */
function emailLine(email: { state: string; to_address: string } | undefined): Pick<HistoryLine, 'outcome' | 'detail'> {
  if (!email || email.state === 'pending') return { outcome: 'skipped', detail: 'no email address' };
  if (email.state === 'sent') return { outcome: 'done', detail: `sent to ${email.to_address}` };
  return { outcome: 'unconfirmed', detail: 'not confirmed by the SMTP server; not sent again' };
}

/**
 * SR-5: where a record is in its sales workflow, its history step by step and the tasks its steps
 * made; null when it runs none. The record is one of its cohort's (the run's records in a page's
 * range, decision 0041): the cohort's place is its place, and each history line is the cohort's
 * for the step unless the record has its own (a round robin's member) or an email for it. Step
 * definitions are the cohort's (as the cohort began).
 */
export async function recordWorkflowOf(db: Executor, tenantId: string, salesRecordId: string) {
  const sql = sqlOf(db);
  const [place] = await sql<{ cohort_id: string; sales_workflow_id: string; current_step: number; state: string; wait_until: string | null; steps: SalesWorkflowStep[]; workflow_id: string }[]>`
    select c.id as cohort_id, c.sales_workflow_id, c.current_step, c.state, c.wait_until, c.steps, c.workflow_id
    from sales_records r
    join sales_workflow_cohorts c on c.tenant_id = r.tenant_id and c.run_id = r.run_id
      and r.individual_id > coalesce(c.after_individual_id, '00000000-0000-0000-0000-000000000000') and r.individual_id <= c.through_individual_id
    where r.tenant_id = ${tenantId} and r.id = ${salesRecordId}`;
  if (!place) return null;
  const [cohortLines, ownLines, emails, tasks] = await Promise.all([
    sql<HistoryLine[]>`
      select step_index, kind, outcome, detail, started_at, finished_at from sales_workflow_cohort_steps
      where tenant_id = ${tenantId} and cohort_id = ${place.cohort_id} order by step_index`,
    sql<HistoryLine[]>`
      select step_index, kind, outcome, detail, started_at, finished_at from sales_record_workflow_history
      where tenant_id = ${tenantId} and sales_record_id = ${salesRecordId}`,
    sql<{ step_index: number; state: string; to_address: string }[]>`
      select step_index, state, to_address from sales_workflow_emails where tenant_id = ${tenantId} and sales_record_id = ${salesRecordId}`,
    sql<{ id: string; step_index: number; title: string; due_at: string; assignee_user_id: string | null }[]>`
      select id, step_index, title, due_at, assignee_user_id from sales_record_tasks
      where tenant_id = ${tenantId} and sales_record_id = ${salesRecordId} order by step_index`,
  ]);
  const history = cohortLines.map((line) => {
    const own = ownLines.find((o) => o.step_index === line.step_index);
    if (own) return own;
    if (line.kind === 'email' && line.finished_at) return { ...line, ...emailLine(emails.find((e) => e.step_index === line.step_index)) };
    return line;
  });
  const current = place.steps[place.current_step];
  return {
    salesWorkflowId: place.sales_workflow_id,
    cohortId: place.cohort_id,
    workflowId: place.workflow_id,
    state: place.state,
    stepCount: place.steps.length,
    currentStep: current ? { index: place.current_step, kind: current.kind } : null,
    waitUntil: iso(place.wait_until),
    history: history.map((h) => ({
      step: h.step_index,
      kind: h.kind,
      outcome: h.outcome,
      detail: h.detail,
      startedAt: iso(h.started_at),
      finishedAt: iso(h.finished_at),
    })),
    tasks: tasks.map((t) => ({ id: t.id, step: t.step_index, title: t.title, dueAt: iso(t.due_at), assigneeUserId: t.assignee_user_id })),
  };
}
