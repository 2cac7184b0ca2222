import pino, { type Logger, type DestinationStream } from 'pino';
import { redactDeep } from './redact';

export type { Logger };

export interface LoggerOptions {
  name: string;
  level?: string;
  /** For tests that assert on what was logged. */
  destination?: DestinationStream;
}

/** A pino logger that masks protected fields (SSN, DOB, MBI, licence, credentials) at any depth. */
export function createLogger({ name, level = 'info', destination }: LoggerOptions): Logger {
  return pino(
    {
      name,
      level,
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
    },
    destination,
  );
}
