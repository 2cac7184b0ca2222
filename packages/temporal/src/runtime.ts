import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '@agencyflow/logger';

let installed = false;

/**
 * Routes the Temporal SDK's own logs (worker state changes, etc.) through our logger at warn
 * and above. The SDK runtime is per process and can be installed once, before any worker.
 */
export function installTemporalRuntime(logger: Logger, level: LogLevel = 'WARN', metricsAddress = ''): void {
  if (installed) return;
  installed = true;
  const log = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    // Our deployables drain their parts in order on SIGTERM/SIGINT; the SDK must not shut
    // workers down behind their back.
    shutdownSignals: [],
    // The SDK's own metrics (polls, task latencies, slots), served for the deployable's /metrics to append.
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
      if (entryLevel === 'ERROR') log.error(meta ?? {}, message);
      else log.warn(meta ?? {}, message);
    }),
  });
}
