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
    runtime.deps.logger.info({ signal }, 'draining');
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
