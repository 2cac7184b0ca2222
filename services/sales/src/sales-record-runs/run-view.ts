import { z } from 'zod';
import type { RunRow } from './run-queries';

/** SR-6: a run as answered (toRunView). */
export const runView = z.strictObject({
  id: z.uuid(),
  requestedBy: z.string(),
  requestedAt: z.iso.datetime(),
  criteria: z.record(z.string(), z.unknown()).nullable(),
  savedSearch: z.strictObject({ id: z.uuid(), name: z.string().nullable() }).nullable(),
  salesRecordType: z.strictObject({ id: z.uuid(), name: z.string() }),
  state: z.enum(['running', 'completed']),
  matched: z.number().int(),
  created: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  processed: z.number().int(),
  percent: z.number(),
  ratePerSecond: z.number().nullable(),
  estimatedSecondsLeft: z.number().int().nullable(),
  completedAt: z.iso.datetime().nullable(),
  workflowId: z.string(),
});
export type RunView = z.infer<typeof runView>;

const runLinks = z.strictObject({ self: z.string(), individualsCsv: z.string(), outcomesCsv: z.string(), temporalUi: z.string() });

export const runWithLinksView = runView.extend({ links: runLinks });
export const runListView = z.strictObject({ items: z.array(runView), nextBefore: z.string().nullable() });
export const runStartedView = z.strictObject({ runId: z.uuid(), workflowId: z.string(), matched: z.number().int(), links: runLinks });

/**
 * SR-6: a run as answered: who, when, what it acted on, the type, its state and progress. The rate
 * is individuals decided per second since the first page; the time left is what remains at that rate.
 */
export function toRunView(run: RunRow): RunView {
  const processed = run.created + run.skipped + run.failed;
  const seconds = run.startedAt && run.progressedAt ? (run.progressedAt.getTime() - run.startedAt.getTime()) / 1000 : 0;
  const rate = seconds > 0 ? processed / seconds : null;
  const left = run.matched - processed;
  return {
    id: run.id,
    requestedBy: run.requestedBy,
    requestedAt: run.requestedAt.toISOString(),
    criteria: run.criteria,
    savedSearch: run.savedSearchId ? { id: run.savedSearchId, name: run.savedSearchName } : null,
    salesRecordType: { id: run.salesRecordTypeId, name: run.salesRecordTypeName },
    state: run.state,
    matched: run.matched,
    created: run.created,
    skipped: run.skipped,
    failed: run.failed,
    processed,
    percent: run.matched === 0 ? 100 : Math.floor((processed * 1000) / run.matched) / 10,
    ratePerSecond: rate === null ? null : Math.round(rate * 10) / 10,
    estimatedSecondsLeft: run.state === 'completed' ? 0 : rate ? Math.ceil(left / rate) : null,
    completedAt: run.completedAt?.toISOString() ?? null,
    workflowId: run.workflowId,
  };
}
