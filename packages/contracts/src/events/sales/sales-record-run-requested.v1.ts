import { z } from 'zod';
import { defineEvent } from '../define-event';
import { runKey } from './run-fields';

/**
 * SR-2: a run of mass sales-record creation was confirmed, its individuals snapshot in the same
 * transaction. The sales service starts the run's workflow from this committed event (decision
 * 0020), so a confirmed run always runs, late rather than never. Keyed by the run.
 */
export const salesRecordRunRequestedV1 = defineEvent({
  type: 'sales.sales-record-run-requested',
  version: 1,
  aggregateType: 'sales-record-run',
  topic: 'sales.events',
  schema: z.object({
    ...runKey,
    /** The saved search the run was confirmed from (its id and name at the time), or null: its criteria are on the run (GET /sales-record-runs/{id}). */
    savedSearchId: z.uuid().nullable(),
    savedSearchName: z.string().nullable(),
    matched: z.number().int().nonnegative(),
    requestedBy: z.string().min(1),
    /** Individuals per page of the run (tests use small pages). */
    pageSize: z.number().int().positive().optional(),
  }),
});
