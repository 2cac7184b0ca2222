import type { ServiceName } from '@agencyflow/contracts';
import { startTracing } from '@agencyflow/telemetry';
import { loadServiceConfig } from './service-config';
import { createServiceRuntime, type ServiceDefinition } from './service-runtime';

/** The body of every service's main.ts: tracing, load config, start, drain on SIGTERM/SIGINT. */
export async function runService(definition: ServiceDefinition & { name: ServiceName }): Promise<void> {
  // Before anything else, so the clients and workers built next trace from the start (decision 0034).
  const tracing = startTracing({ serviceName: `${definition.name}-service` });
  const config = loadServiceConfig(definition.name);
  const runtime = await createServiceRuntime(definition, config);
  await runtime.start();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.deps.logger.info({ signal, deadlineMs: config.SHUTDOWN_DRAIN_MS }, 'draining');
    // Past the deadline the process exits with what is unfinished: it is redelivered, never lost.
    const deadline = setTimeout(() => {
      runtime.deps.logger.warn({ deadlineMs: config.SHUTDOWN_DRAIN_MS }, 'drain deadline passed: exiting with work unfinished');
      process.exit(1);
    }, config.SHUTDOWN_DRAIN_MS);
    deadline.unref();
    await runtime.stop();
    // The last spans (the drain's own) are flushed to the collector before the process goes.
    await tracing.shutdown().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
