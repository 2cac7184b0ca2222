import type { Client } from '@temporalio/client';
import {
  policySyncWorkflowId,
  policySyncWorkflowName,
  resyncRequestedSignal,
  runSearchAttributes,
  type Outcome,
  type PolicySyncInput,
  type PolicySyncTrigger,
  type TaskQueues,
} from '@agencyflow/contracts';

/**
 * Starts the business's policy sync, or, if one is running, asks it to run once more when it
 * finishes (signal-with-start on the business-key workflow id): never two syncs of one business
 * at once, and no request is lost.
 */
export async function startPolicySync(
  client: Client,
  queues: TaskQueues,
  command: { fmoTenantId: string; businessId: string; trigger: PolicySyncTrigger; requestedBy: string; pageSize?: number },
): Promise<Outcome<'started', { workflowId: string }>> {
  const workflowId = policySyncWorkflowId(command.businessId);
  const input: PolicySyncInput = {
    businessId: command.businessId,
    trigger: command.trigger,
    requestedBy: command.requestedBy,
    ...(command.pageSize ? { pageSize: command.pageSize } : {}),
  };
  await client.workflow.signalWithStart(policySyncWorkflowName, {
    workflowId,
    taskQueue: queues.workflows,
    args: [input],
    signal: resyncRequestedSignal,
    signalArgs: [],
    // Shown by the Temporal UI when this call starts the run (a running one keeps its own); ids only.
    staticSummary: `Policy sync of Agent CRM business ${command.businessId} (FMO ${command.fmoTenantId})`,
    staticDetails: `**Started by** ${command.trigger}, requested by ${command.requestedBy}`,
    typedSearchAttributes: runSearchAttributes({ kind: 'policy-sync', tenantId: command.fmoTenantId, businessId: command.businessId }),
  });
  return { outcome: 'started', workflowId };
}
