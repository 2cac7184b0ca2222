import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { addressReviewWorkflowId, reviewAddressChangeWorkflowName, runSearchAttributes, type AddressReviewInput, type TaskQueues } from '@agencyflow/contracts';

/**
 * Starts a pending review's workflow, once: the id is the request's business key, a running one is
 * used as it is and a finished one is never started again (REJECT_DUPLICATE), so the consumer of the
 * request's event and a decision that arrives before it may both call this. The id, search
 * attributes, summary and details carry ids and times only: no name, no address.
 */
export async function startReviewWorkflow(client: Client, queues: TaskQueues, input: AddressReviewInput & { requestedBy: string }): Promise<{ workflowId: string }> {
  const workflowId = addressReviewWorkflowId(input.tenantId, input.reviewId);
  const { requestedBy, ...args } = input;
  try {
    await client.workflow.start(reviewAddressChangeWorkflowName, {
      workflowId,
      taskQueue: queues.workflows,
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      staticSummary: `Review of an address change on financed programs (FIN-2), customer ${input.customerId}`,
      staticDetails: `**Review** ${input.reviewId}, requested by ${requestedBy}\n**Reminder** ${input.remindAt}\n**Expires** ${input.expiresAt}`,
      typedSearchAttributes: runSearchAttributes({ kind: 'finance-address-review', tenantId: input.tenantId }),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  return { workflowId };
}
