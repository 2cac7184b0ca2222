import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { taskQueues } from '@agencyflow/contracts';
import { shortId } from '@agencyflow/testing';
import { rawHistory, startWorkflowRig } from './support/workflow-worker';

/**
 * a failure's message and stack are encrypted with the payload codec before they reach
 * Temporal's store. An activity fails with a canary in its message; the history read without the
 * codec holds no trace of it, while a client with the codec sees the message in full.
 */
describe('Temporal failures are encoded like payloads', () => {
  const prefix = `t${shortId()}.`;
  const queues = taskQueues(prefix);
  const canary = `canary-${shortId()}@example.com`;
  let rig: Awaited<ReturnType<typeof startWorkflowRig>>;

  beforeAll(async () => {
    // Every service's probe answers; the account service's fails the way a refused write would.
    rig = await startWorkflowRig(prefix, (service) => ({
      probeService: async () => {
        if (service === 'account') throw ApplicationFailure.nonRetryable(`could not store contact with email ${canary}`, 'ContactRefused');
        return { service, ok: true };
      },
    }));
  });
  afterAll(() => rig?.stop());

  it('X-4 an activity failure quoting an email is stored encrypted: the raw history never contains it; the codec reads it back', async () => {
    const workflowId = `failure-encoding-${shortId()}`;
    const handle = await rig.client.workflow.start('systemProbe', {
      workflowId,
      taskQueue: queues.workflows,
      args: [{ probeId: shortId(), tenantId: 'tenant-failure', requestedBy: 'test', note: 'n' }],
    });
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (failure as WorkflowFailedError).cause as Error & { cause?: Error };
    expect(activityFailure.cause?.message).toContain(canary);

    // What the server stores, read without the codec.
    const stored = JSON.stringify(await rawHistory(workflowId));
    expect(stored).toContain('Encoded failure');
    expect(stored).not.toContain(canary);
    expect(stored).not.toContain(Buffer.from(canary).toString('base64').slice(0, 16));
  }, 120_000);
});
