import type { Sql } from 'postgres';
import { trimInbox } from '@agencyflow/db';
import type { Logger } from '@agencyflow/logger';
import { PeriodicTask, trimInBatches } from './periodic-task';

export interface InboxTrimmerOptions {
  sql: Sql;
  logger: Logger;
  /**
   * Inbox rows younger than this are kept. It must exceed how long Kafka can redeliver an event
   * (topic retention; a group whose offsets expired re-reads from the beginning), or a late
   * redelivery is applied twice. Default 7 days.
   */
  retentionMs?: number;
  /** Default 10 minutes: the retention is days, so trimming needs no hurry. */
  intervalMs?: number;
  batchSize?: number;
}

export const DEFAULT_INBOX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Deletes old inbox rows of every consumer of one database, periodically, in small batches. */
export class InboxTrimmer {
  private readonly task: PeriodicTask;
  private stopping = false;

  constructor(private readonly options: InboxTrimmerOptions) {
    this.task = new PeriodicTask('inbox trim', options.intervalMs ?? 10 * 60 * 1000, () => this.trim(), options.logger);
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    this.stopping = true;
    return this.task.stop();
  }

  /** One trim pass; returns how many rows were deleted. Exposed for tests and operators. */
  async trim(): Promise<number> {
    const { sql, retentionMs = DEFAULT_INBOX_RETENTION_MS, batchSize } = this.options;
    const deleted = await trimInBatches(() => trimInbox(sql, { retentionMs, batchSize }), () => !this.stopping);
    if (deleted > 0) this.options.logger.debug({ deleted }, 'inbox trimmed');
    return deleted;
  }
}
