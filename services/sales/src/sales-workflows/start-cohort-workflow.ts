import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  runSalesWorkflowCohortName,
  salesWorkflowCohortWorkflowId,
  runSearchAttributes,
  type SalesWorkflowCohortInput,
  type TaskQueues,
} from '@agencyflow/contracts';

/**
 * Starts a cohort's workflow (SR-5), once: its id is the run and the page, a running one is used
 * as it is and a finished one is never started again, so a redelivered page event starts nothing
 * new. Nothing protected in the id, the search attributes or the summary.
 */
export async function startCohortWorkflow(client: Client, queues: TaskQueues, cohort: SalesWorkflowCohortInput): Promise<void> {
  try {
    await client.workflow.start(runSalesWorkflowCohortName, {
      workflowId: salesWorkflowCohortWorkflowId(cohort.tenantId, cohort.runId, cohort.page),
      taskQueue: queues.workflows,
      args: [cohort],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: 'Sales workflow for the records of one run page (SR-5)',
      typedSearchAttributes: runSearchAttributes({ kind: 'sales-workflow-cohort', tenantId: cohort.tenantId }),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
