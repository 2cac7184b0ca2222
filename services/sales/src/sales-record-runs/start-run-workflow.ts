import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  createSalesRecordsWorkflowName,
  salesRecordRunWorkflowId,
  runSearchAttributes,
  type CreateSalesRecordsInput,
  type TaskQueues,
} from '@agencyflow/contracts';

/**
 * Starts a confirmed run's workflow (SR-2), once: the workflow id is the run's, a running one is
 * used as it is and a finished one is never started again (REJECT_DUPLICATE), so the confirm and
 * the consumer of its event may both call this. Nothing protected goes in the id, the search
 * attributes or the summary: a tenant id, a run id, a kind.
 */
export async function startRunWorkflow(client: Client, queues: TaskQueues, run: CreateSalesRecordsInput): Promise<{ workflowId: string }> {
  const workflowId = salesRecordRunWorkflowId(run.tenantId, run.runId);
  try {
    await client.workflow.start(createSalesRecordsWorkflowName, {
      workflowId,
      taskQueue: queues.workflows,
      args: [run],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: 'Mass sales-record run (SR-2)',
      typedSearchAttributes: runSearchAttributes({ kind: 'sales-record-run', tenantId: run.tenantId }),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { workflowId };
}
