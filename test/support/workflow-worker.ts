import { serviceNames, taskQueues, type ServiceName } from '@agencyflow/contracts';
import { DEV_PAYLOAD_KEY, payloadKeysFragment } from '@agencyflow/config';
import { testEnvironment } from '@agencyflow/testing';
import { Client, Connection } from '@temporalio/client';
import { connectWorker, createActivityWorker, createTemporalClient, createWorkflowWorker, EncryptionCodec, parsePayloadKeys } from '@agencyflow/temporal';
import { workflowSource } from '@agencyflow/workflows';

export const devCodec = () => new EncryptionCodec(parsePayloadKeys(DEV_PAYLOAD_KEY, payloadKeysFragment.PAYLOAD_ACTIVE_KEY_ID.parse(undefined)));

/** Runs the real workflow worker on this test file's task queue until `stop()`. */
export async function startWorkflowWorker(prefix: string) {
  const connection = await connectWorker(testEnvironment.temporalAddress);
  const worker = await createWorkflowWorker({
    connection,
    namespace: testEnvironment.temporalNamespace,
    taskQueue: taskQueues(prefix).workflows,
    codec: devCodec(),
    // The bundle vitest's global setup made once for the run (see vitest.global-setup.ts).
    workflows: workflowSource(process.env.WORKFLOW_BUNDLE_PATH),
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/**
 * One activity worker per service on this test file's task queues, each hosting what
 * `activitiesOf(service)` gives (e.g. a stand-in `probeService`), until `stop()`.
 */
async function startServiceActivityWorkers(prefix: string, activitiesOf: (service: ServiceName) => object) {
  const queues = taskQueues(prefix);
  const connection = await connectWorker(testEnvironment.temporalAddress);
  const workers = await Promise.all(
    serviceNames.map((service) =>
      createActivityWorker({
        connection,
        namespace: testEnvironment.temporalNamespace,
        taskQueue: queues[service],
        codec: devCodec(),
        activities: activitiesOf(service),
      }),
    ),
  );
  const running = workers.map((w) => w.run());
  return {
    async stop() {
      for (const w of workers) w.shutdown();
      await Promise.all(running);
      await connection.close();
    },
  };
}

/**
 * What a test of one workflow needs on the real Temporal: the workflow worker, one activity
 * worker per service hosting `activitiesOf(service)`, and a client with the codec, until `stop()`.
 */
export async function startWorkflowRig(prefix: string, activitiesOf: (service: ServiceName) => object) {
  const workflowWorker = await startWorkflowWorker(prefix);
  const activityWorkers = await startServiceActivityWorkers(prefix, activitiesOf);
  const temporal = await createTemporalClient({ address: testEnvironment.temporalAddress, namespace: testEnvironment.temporalNamespace, codec: devCodec() });
  return {
    client: temporal.client,
    async stop() {
      await activityWorkers.stop();
      await workflowWorker.stop();
      await temporal.close();
    },
  };
}

/** A run's history as Temporal stores it: read by a client without the codec. */
export async function rawHistory(workflowId: string) {
  const connection = await Connection.connect({ address: testEnvironment.temporalAddress });
  try {
    return await new Client({ connection, namespace: testEnvironment.temporalNamespace }).workflow.getHandle(workflowId).fetchHistory();
  } finally {
    await connection.close();
  }
}
