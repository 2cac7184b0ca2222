import type { Client } from '@temporalio/client';
import {
  amsAccountSyncWorkflowId,
  amsAccountSyncWorkflowName,
  amsSyncRequestedSignal,
  runSearchAttributes,
  type AmsAccountSyncInput,
  type AmsSyncRequest,
  type TaskQueues,
} from '@agencyflow/contracts';

/**
 * AMS-6: hands a request to its account's one sync workflow (signal-with-start on the account's
 * business key): started if none runs, queued behind the running one otherwise, in the order the
 * requests are handed over.
 */
export async function startAmsSync(
  client: Client,
  queues: TaskQueues,
  command: { tenantId: string; accountId: string; request: AmsSyncRequest; retryWindowSeconds: number },
): Promise<{ workflowId: string }> {
  const workflowId = amsAccountSyncWorkflowId(command.tenantId, command.accountId);
  const input: AmsAccountSyncInput = { tenantId: command.tenantId, accountId: command.accountId, retryWindowSeconds: command.retryWindowSeconds };
  await client.workflow.signalWithStart(amsAccountSyncWorkflowName, {
    workflowId,
    taskQueue: queues.workflows,
    args: [input],
    signal: amsSyncRequestedSignal,
    signalArgs: [command.request],
    // Ids only (no names): shown by the Temporal UI when this call starts the run.
    staticSummary: `AMS sync of account ${command.accountId}`,
    typedSearchAttributes: runSearchAttributes({ kind: 'ams-sync', tenantId: command.tenantId, accountId: command.accountId }),
  });
  return { workflowId };
}
