import type { Server } from 'node:http';
import { loadConfig } from '@agencyflow/config';
import { createLogger } from '@agencyflow/logger';
import { startTracing } from '@agencyflow/telemetry';
import {
  connectWorker,
  createWorkflowWorker,
  EncryptionCodec,
  installTemporalRuntime,
  parsePayloadKeys,
  temporalConnectionOptions,
} from '@agencyflow/temporal';
import { taskQueues } from '@agencyflow/contracts';
import { authOptions } from '@agencyflow/http';
import { createCodecServer } from './codec-server';
import { accountServiceAccessLog } from './decode-access-log';
import { accountServiceGroupSource } from './account-group-source';
import { checkDeploymentSteps, metricsRoute, PermissionResolver, processRegistry } from '@agencyflow/service-kit';
import { workerConfigSchema } from './worker-config';

import { workflowSource } from '../workflow-source';

/** The `workflows` deployable: the workflow worker plus the codec server for the Temporal UI. */
async function main(): Promise<void> {
  // Before the worker is built: the workflows' spans reach this process's exporter through its sink (decision 0034).
  const tracing = startTracing({ serviceName: 'workflow-worker' });
  const config = loadConfig(workerConfigSchema);
  const logger = createLogger({ name: 'workflow-worker', level: config.LOG_LEVEL });
  installTemporalRuntime(logger, 'WARN', config.TEMPORAL_METRICS_ADDRESS);
  const codec = new EncryptionCodec(parsePayloadKeys(config.PAYLOAD_KEYS, config.PAYLOAD_ACTIVE_KEY_ID));

  // The local dev server, or a real cluster over TLS / with an API key (the SDK's environment configuration).
  const connection = await connectWorker(temporalConnectionOptions(config));
  await checkDeploymentSteps({ temporal: connection, namespace: config.TEMPORAL_NAMESPACE, logger });
  const worker = await createWorkflowWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: taskQueues(config.TASK_QUEUE_PREFIX).workflows,
    codec,
    workflows: workflowSource(config.WORKFLOW_BUNDLE_PATH),
  });

  const codecApp = createCodecServer({
    codec,
    logger,
    accessLog: accountServiceAccessLog(config),
    // Callers resolved against their tenant's own security groups, read from the account service.
    auth: { ...authOptions(config, 'agencyflow-codec'), resolvePrincipal: new PermissionResolver(accountServiceGroupSource(config)).resolve },
    uiOrigin: config.TEMPORAL_UI_URL,
    allowUiCredentials: config.CODEC_TRUST_UI_ORIGIN,
    // The worker's own metrics and the Temporal SDK's (polls, task latencies, slots).
    metrics: metricsRoute(processRegistry('workflow-worker'), config.TEMPORAL_METRICS_ADDRESS || undefined),
  });
  const server: Server = codecApp.listen(config.CODEC_SERVER_PORT, config.CODEC_SERVER_HOST);
  logger.info({ codecServer: `http://${config.CODEC_SERVER_HOST}:${config.CODEC_SERVER_PORT}` }, 'workflow worker started');

  const shutdown = () => {
    server.close();
    worker.shutdown();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await worker.run();
  await connection.close();
  await tracing.shutdown().catch(() => {});
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
