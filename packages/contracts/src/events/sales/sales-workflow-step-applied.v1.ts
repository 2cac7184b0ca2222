import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * SR-5: one step of a sales workflow was applied to a cohort (the records one run page created):
 * one coarse event a cohort and step, never one a record. Counts only. Keyed by the cohort.
 */
export const salesWorkflowStepAppliedV1 = defineEvent({
  type: 'sales.sales-workflow-step-applied',
  version: 1,
  aggregateType: 'sales-workflow-cohort',
  topic: 'sales.events',
  schema: z.object({
    cohortId: z.uuid(),
    salesWorkflowId: z.uuid(),
    runId: z.uuid(),
    step: z.number().int().nonnegative(),
    kind: z.string(),
    records: z.number().int().nonnegative(),
    done: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    unconfirmed: z.number().int().nonnegative(),
  }),
});
