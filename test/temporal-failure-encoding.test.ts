import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { taskQueues } from '@agencyflow/contracts';
import { shortId, testEnvironment } from '@agencyflow/testing';
import { connectWorker, createActivityWorker, createTemporalClient, type TemporalClient } from '@agencyflow/temporal';
import { devCodec, startWorkflowWorker } from './support/workflow-worker';

/**
 * a failure's message and stack are encrypted with the payload codec before they reach
 * Temporal's store. An activity fails with a canary in its message; the history read without the
 * codec holds no trace of it, while a client with the codec sees the message in full.
 */
describe('Temporal failures are encoded like payloads', () => {
  const prefix = `t${shortId()}.`;
  const queues = taskQueues(prefix);
  const canary = `canary-${shortId()}@example.com`;
  let workflowWorker: Awaited<ReturnType<typeof startWorkflowWorker>>;
  let stopActivities: () => Promise<void>;
  let temporal: TemporalClient;

  beforeAll(async () => {
    workflowWorker = await startWorkflowWorker(prefix);
    // Every service's probe answers; the account service's fails the way a refused write would.
    const connection = await connectWorker(testEnvironment.temporalAddress);
    const workers = await Promise.all(
      (['account', 'policy', 'sales', 'finance'] as const).map((service) =>
        createActivityWorker({
          connection,
          namespace: testEnvironment.temporalNamespace,
          taskQueue: queues[service],
          codec: devCodec(),
          activities: {
            probeService: async () => {
              if (service === 'account') throw ApplicationFailure.nonRetryable(`could not store contact with email ${canary}`, 'ContactRefused');
              return { service, ok: true };
            },
          },
        }),
      ),
    );
    const running = workers.map((w) => w.run());
    stopActivities = async () => {
      for (const w of workers) w.shutdown();
      await Promise.all(running);
      await connection.close();
    };
    temporal = await createTemporalClient({ address: testEnvironment.temporalAddress, namespace: testEnvironment.temporalNamespace, codec: devCodec() });
  });
  afterAll(async () => {
    await stopActivities?.();
    await workflowWorker?.stop();
    await temporal?.close();
  });

  it('X-4 an activity failure quoting an email is stored encrypted: the raw history never contains it; the codec reads it back', async () => {
    const workflowId = `failure-encoding-${shortId()}`;
    const handle = await temporal.client.workflow.start('systemProbe', {
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
    const connection = await Connection.connect({ address: testEnvironment.temporalAddress });
    try {
      const raw = new Client({ connection, namespace: testEnvironment.temporalNamespace });
      const history = await raw.workflow.getHandle(workflowId).fetchHistory();
      const stored = JSON.stringify(history);
      expect(stored).toContain('Encoded failure');
      expect(stored).not.toContain(canary);
      expect(stored).not.toContain(Buffer.from(canary).toString('base64').slice(0, 16));
    } finally {
      await connection.close();
    }
  }, 120_000);
});
