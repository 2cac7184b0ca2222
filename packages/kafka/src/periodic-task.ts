import type { Logger } from '@agencyflow/logger';

/**
 * Runs `task` every `intervalMs` (counted from the end of the previous run, so runs never
 * overlap) until stopped. A failed run is logged; the next one tries again.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<void>;
  private running = false;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops scheduling and waits for a run in progress. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.task()
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn({ err: error, task: this.name }, `${this.name} failed; will run again`),
        )
        .finally(() => {
          this.inFlight = undefined;
          this.schedule();
        });
    }, this.intervalMs);
    // Housekeeping alone must not keep the process alive.
    this.timer.unref();
  }
}

/**
 * Repeats a one-batch trim until a batch deletes nothing, the owner stops, or `maxBatches` ran
 * (so one pass after a long outage stays bounded; the next pass continues). Returns the total.
 */
export async function trimInBatches(trimBatch: () => Promise<number>, keepGoing: () => boolean, maxBatches = 200): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches && keepGoing(); i++) {
    const deleted = await trimBatch();
    total += deleted;
    if (deleted === 0) break;
  }
  return total;
}
