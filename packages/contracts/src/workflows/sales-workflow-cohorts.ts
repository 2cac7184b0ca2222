/**
 * SR-5 sales workflows run in cohorts (docs/decisions/0029): the records one page of a run
 * created run their type's sales workflow together, in one Temporal workflow, each step applied
 * to all of them at once. Zod-free: imported by workflow code. Only ids, step kinds, wait lengths
 * and counts cross Temporal; no record, template or email does.
 */
export interface SalesWorkflowCohortInput {
  tenantId: string;
  /** The cohort's id (derived from the run and the page). */
  cohortId: string;
  salesWorkflowId: string;
  runId: string;
  /** The run's page whose created records are the cohort: its snapshot range (after, through]. */
  page: number;
  after: string | null;
  through: string;
}

/** A step as the cohort's workflow needs to know it: its kind, and how long a wait waits. */
export type SalesWorkflowCohortStep =
  | { kind: 'assign' | 'assign-round-robin' | 'task' | 'email' | 'stage' }
  | { kind: 'wait'; seconds: number };

export interface SalesWorkflowCohortPlan {
  /** How many records the cohort has. */
  records: number;
  /** The workflow's steps as the cohort began (later changes do not reach it). */
  steps: SalesWorkflowCohortStep[];
}

export interface SalesWorkflowCohortProgress {
  cohortId: string;
  records: number;
  /** The step being applied or waited on (the step count when done). */
  step: number;
  steps: number;
  /** While a wait step waits: until when (ISO time). */
  waitingUntil: string | null;
  done: boolean;
}

export const runSalesWorkflowCohortName = 'runSalesWorkflowCohort';
export const salesWorkflowCohortProgressQuery = 'progress';

/** One workflow a cohort: the business key is the run and its page (no record, no name). */
export const salesWorkflowCohortWorkflowId = (tenantId: string, runId: string, page: number): string => `sales-workflow-cohort/${tenantId}/${runId}/${page}`;
