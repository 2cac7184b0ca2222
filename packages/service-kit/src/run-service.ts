import type { ServiceName } from '@agencyflow/contracts';
import { loadServiceConfig } from './service-config';
import { createServiceRuntime, type ServiceDefinition } from './service-runtime';

/** The body of every service's main.ts: load config, start, drain on SIGTERM/SIGINT. */
export async function runService(definition: ServiceDefinition & { name: ServiceName }): Promise<void> {
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
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
