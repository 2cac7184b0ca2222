import { taskQueues } from '@agencyflow/contracts';
import { DEV_PAYLOAD_KEY, payloadKeysFragment } from '@agencyflow/config';
import { testEnvironment } from '@agencyflow/testing';
import { connectWorker, createWorkflowWorker, EncryptionCodec, parsePayloadKeys } from '@agencyflow/temporal';
import { workflowsPath } from '@agencyflow/workflows';

export const devCodec = () => new EncryptionCodec(parsePayloadKeys(DEV_PAYLOAD_KEY, payloadKeysFragment.PAYLOAD_ACTIVE_KEY_ID.parse(undefined)));

/** Runs the real workflow worker on this test file's task queue until `stop()`. */
export async function startWorkflowWorker(prefix: string) {
  const connection = await connectWorker(testEnvironment.temporalAddress);
  const worker = await createWorkflowWorker({
    connection,
    namespace: testEnvironment.temporalNamespace,
    taskQueue: taskQueues(prefix).workflows,
    codec: devCodec(),
    workflows: { workflowsPath },
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
