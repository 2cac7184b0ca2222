import pino, { type Logger, type DestinationStream } from 'pino';
import { activeTraceIds } from '@agencyflow/telemetry';
import { redactDeep } from './redact';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level?: string;
  /** For tests that assert on what was logged. */
  destination?: DestinationStream;
}

/**
 * A pino logger that masks protected fields (SSN, DOB, MBI, licence, credentials) at any depth,
 * and stamps each line with the active trace's ids.
 */
export function createLogger({ name, level = 'info', destination }: LoggerOptions): Logger {
  return pino(
    {
      name,
      level,
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
      // A line written while a span is active names its trace_id and span_id (decision 0034).
      mixin: () => activeTraceIds() ?? {},
    },
    destination,
  );
}
