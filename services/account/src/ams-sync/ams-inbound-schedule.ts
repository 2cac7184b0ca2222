import type { Client } from '@temporalio/client';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { amsInboundPollWorkflowName, amsInboundScheduleId, runSearchAttributes, type TaskQueues } from '@agencyflow/contracts';

const isNotFound = (error: unknown) => error instanceof Error && error.name === 'ScheduleNotFoundError';
const isAlreadyRunning = (error: unknown) => error instanceof Error && error.name === 'ScheduleAlreadyRunning';

/**
 * AMS-7: the Temporal Schedule that polls a connected tenant's AMS every `pollIntervalSeconds`
 * (overlaps skipped: one poll of a tenant at a time). Created on connect, its interval updated on
 * a new connect, deleted on disconnect. Ids only: the tenant, never the AMS's address or credentials.
 */
export async function ensureInboundSchedule(client: Client, queues: TaskQueues, tenantId: string, pollIntervalSeconds: number): Promise<void> {
  const scheduleId = amsInboundScheduleId(tenantId);
  const spec = { intervals: [{ every: `${pollIntervalSeconds}s` }] };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: amsInboundPollWorkflowName,
        workflowId: `ams-inbound/${tenantId}`,
        taskQueue: queues.workflows,
        args: [{ tenantId }],
        typedSearchAttributes: runSearchAttributes({ kind: 'ams-inbound', tenantId }),
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      memo: {},
    });
  } catch (error) {
    if (!isAlreadyRunning(error)) throw error;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec }));
  }
}

export async function deleteInboundSchedule(client: Client, tenantId: string): Promise<void> {
  try {
    await client.schedule.getHandle(amsInboundScheduleId(tenantId)).delete();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Runs the tenant's poll now (the admin's "poll now"; tests), besides its interval. */
export async function triggerInboundPoll(client: Client, tenantId: string): Promise<void> {
  await client.schedule.getHandle(amsInboundScheduleId(tenantId)).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
}
