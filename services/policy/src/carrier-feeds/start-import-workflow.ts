import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  carrierFeedImportWorkflowId,
  importCarrierFeedWorkflowName,
  runSearchAttributes,
  type ImportCarrierFeedInput,
  type TaskQueues,
} from '@agencyflow/contracts';

/**
 * Starts a staged import's workflow, once: the workflow id is the import's, a running one is used
 * as it is and a finished one is never started again (REJECT_DUPLICATE), so the upload and the
 * consumer of its staged event may both call this. Nothing protected in the id, the search
 * attributes or the summary: a tenant id, an import id, counts.
 */
export async function startImportWorkflow(
  client: Client,
  queues: TaskQueues,
  input: ImportCarrierFeedInput & { importedBy: string },
): Promise<{ workflowId: string }> {
  const { importedBy, ...args } = input;
  const workflowId = carrierFeedImportWorkflowId(input.tenantId, input.importId);
  try {
    await client.workflow.start(importCarrierFeedWorkflowName, {
      workflowId,
      taskQueue: queues.workflows,
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: `Carrier feed import (PS-2): ${input.rows} rows`,
      staticDetails: `Import ${input.importId} of tenant ${input.tenantId}, uploaded by ${importedBy}. Rows are staged encrypted in the policy service and written page by page; follow it at GET /carrier-feeds/${input.importId}.`,
      typedSearchAttributes: runSearchAttributes({ kind: 'carrier-feed-import', tenantId: input.tenantId, rowsTotal: input.rows }),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { workflowId };
}
