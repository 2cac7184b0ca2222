import { Counter, type Registry } from 'prom-client';

/** Counts the rows of long work (imports, syncs, runs) by outcome as their pages commit. */
export interface JobMetrics {
  countRows(kind: string, outcomes: Record<string, number>): void;
}

/**
 * `job_rows_total{kind, outcome}` (issue 13): a counter, so Prometheus rates show how fast each
 * kind of job moves and how many of its rows are rejected or fail, on every replica. Incremented
 * after a page commits; a page retried after its commit counts nothing twice (it writes nothing).
 */
export function jobMetrics(registry: Registry): JobMetrics {
  const rows = new Counter({
    name: 'job_rows_total',
    help: 'Rows of long work (carrier imports, syncs, runs) by kind and outcome, counted as their pages commit',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  return {
    countRows(kind, outcomes) {
      for (const [outcome, n] of Object.entries(outcomes)) if (n > 0) rows.inc({ kind, outcome }, n);
    },
  };
}
