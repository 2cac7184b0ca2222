import { z } from 'zod';
import { defineEvent } from '../define-event';
import { runCounts, runKey } from './run-fields';

/** SR-6: a sales-record run finished; its counts are final. Keyed by the run. */
export const salesRecordRunCompletedV1 = defineEvent({
  type: 'sales.sales-record-run-completed',
  version: 1,
  aggregateType: 'sales-record-run',
  topic: 'sales.events',
  schema: z.object({
    ...runKey,
    matched: z.number().int().nonnegative(),
    ...runCounts,
    completedAt: z.string(),
  }),
});
