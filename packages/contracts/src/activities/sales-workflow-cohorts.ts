import type { SalesWorkflowCohortInput, SalesWorkflowCohortPlan } from '../workflows/sales-workflow-cohorts';

export interface SalesWorkflowCohortStepInput {
  tenantId: string;
  cohortId: string;
  /** The step's index in the cohort's steps. */
  step: number;
}

/** What a step did to the cohort's records that were at it. */
export interface SalesWorkflowStepResult {
  records: number;
  done: number;
  skipped: number;
  unconfirmed: number;
}

/** SR-5 cohort activities of the sales service (task queue `sales-activities`); each is idempotent. */
export interface SalesWorkflowCohortActivities {
  /** The cohort over the records its page created (at step 0; no row a record: decision 0041); the plan it runs. */
  openSalesWorkflowCohort(input: SalesWorkflowCohortInput): Promise<SalesWorkflowCohortPlan>;
  /** A wait step begins: the records at it wait until now + seconds (shown per record); that time. */
  beginSalesWorkflowWait(input: SalesWorkflowCohortStepInput & { seconds: number }): Promise<{ until: string }>;
  /**
   * Applies one step to every record of the cohort at it, set-based, records each one's history and
   * moves them to the next step, in one transaction (an email step sends between claim and
   * confirmation, at most once a record: decision 0029).
   */
  applySalesWorkflowStep(input: SalesWorkflowCohortStepInput): Promise<SalesWorkflowStepResult>;
  /** The cohort and its records are done. */
  completeSalesWorkflowCohort(input: { tenantId: string; cohortId: string }): Promise<void>;
}
