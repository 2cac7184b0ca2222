import { z } from 'zod';
import { defineEvent } from '../define-event';
import { runCounts, runKey } from './run-fields';

/** Most sales record ids one page event lists (a page is at most this many individuals). */
export const MAX_RUN_PAGE_RECORDS = 5000;

/**
 * One page of a sales-record run was decided (SR-2, SR-3): one coarse event per page, never one
 * per record. It names the snapshot range the page covered, its counts, and the ids of the sales
 * records it created (for SR-5's workflows later); no field of any record. Keyed by the run.
 */
export const salesRecordRunProgressedV1 = defineEvent({
  type: 'sales.sales-record-run-progressed',
  version: 1,
  aggregateType: 'sales-record-run',
  topic: 'sales.events',
  schema: z.object({
    ...runKey,
    page: z.number().int().nonnegative(),
    /** The page covers the snapshot's individuals with id in (after, through]. */
    after: z.uuid().nullable(),
    through: z.uuid(),
    ...runCounts,
    salesRecordIds: z.array(z.uuid()).max(MAX_RUN_PAGE_RECORDS),
  }),
});
