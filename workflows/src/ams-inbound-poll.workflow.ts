import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { failureTypes, taskQueuesOfWorkflowQueue, type AmsInboundPollInput, type AmsInboundPollResult, type AmsSyncActivities } from '@agencyflow/contracts/workflow';

/**
 * AMS-7: one poll of a tenant's AMS, started by the tenant's Temporal Schedule (`ams-inbound/<tenant>`,
 * overlaps skipped). The account service's activity reads what changed since its cursor (or
 * everything, when it reconciles) and applies it; only counts come back.
 */
export async function amsInboundPoll(input: AmsInboundPollInput): Promise<AmsInboundPollResult> {
  const queues = taskQueuesOfWorkflowQueue(workflowInfo().taskQueue);
  const account = proxyActivities<Pick<AmsSyncActivities, 'pollAmsChanges'>>({
    taskQueue: queues.account,
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '1 minute',
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '30 seconds',
      // The next scheduled poll tries again anyway.
      maximumAttempts: 5,
      nonRetryableErrorTypes: [failureTypes.amsPermanent, failureTypes.validation],
    },
  });
  return account.pollAmsChanges({ tenantId: input.tenantId });
}
