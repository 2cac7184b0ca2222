import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '@agencyflow/logger';

let installed = false;

/**
 * Routes the Temporal SDK's own logs (worker state changes, etc.) through our logger at warn
 * and above. The SDK runtime is per process and can be installed once, before any worker.
 */
export function installTemporalRuntime(logger: Logger, level: LogLevel = 'WARN'): void {
  if (installed) return;
  installed = true;
  const log = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }) => {
      if (entryLevel === 'ERROR') log.error(meta ?? {}, message);
      else log.warn(meta ?? {}, message);
    }),
  });
}
