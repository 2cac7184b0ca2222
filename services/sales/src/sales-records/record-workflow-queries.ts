import { sqlOf, type Executor } from '@agencyflow/db';
import type { SalesWorkflowStep } from '../domain/sales-workflow-steps';

/** A time as postgres.js answers it (text), in ISO form. */
const iso = (at: string | null) => (at === null ? null : new Date(at).toISOString());

/**
 * SR-5: where a record is in its sales workflow, its history step by step and the tasks its steps
 * made; null when it runs none. Step definitions are the cohort's (as the cohort began).
 */
export async function recordWorkflowOf(db: Executor, tenantId: string, salesRecordId: string) {
  const sql = sqlOf(db);
  const [place] = await sql<{ cohort_id: string; sales_workflow_id: string; current_step: number; state: string; wait_until: string | null; steps: SalesWorkflowStep[]; workflow_id: string }[]>`
    select w.cohort_id, w.sales_workflow_id, w.current_step, w.state, w.wait_until, c.steps, c.workflow_id
    from sales_record_workflows w join sales_workflow_cohorts c on c.id = w.cohort_id
    where w.tenant_id = ${tenantId} and w.sales_record_id = ${salesRecordId}`;
  if (!place) return null;
  const history = await sql<{ step_index: number; kind: string; outcome: string; detail: string | null; started_at: string; finished_at: string | null }[]>`
    select step_index, kind, outcome, detail, started_at, finished_at from sales_record_workflow_history
    where tenant_id = ${tenantId} and sales_record_id = ${salesRecordId} order by step_index`;
  const tasks = await sql<{ id: string; step_index: number; title: string; due_at: string; assignee_user_id: string | null }[]>`
    select id, step_index, title, due_at, assignee_user_id from sales_record_tasks
    where tenant_id = ${tenantId} and sales_record_id = ${salesRecordId} order by step_index`;
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
