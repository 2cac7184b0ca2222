import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { policySyncProgressQuery, policySyncWorkflowId, type PolicySyncProgress } from '@agencyflow/contracts';

/** The business's policy sync that is running now, with its progress, or null. */
export async function runningPolicySync(client: Client, businessId: string): Promise<{ workflowId: string; progress: PolicySyncProgress } | null> {
  try {
    const handle = client.workflow.getHandle(policySyncWorkflowId(businessId));
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') return null;
    const progress = await handle.query<PolicySyncProgress>(policySyncProgressQuery);
    return { workflowId: description.workflowId, progress };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
