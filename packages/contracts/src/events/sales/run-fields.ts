import { z } from 'zod';

/** What every event of a sales-record run names: the run and the type its records are of. */
export const runKey = { runId: z.uuid(), salesRecordTypeId: z.uuid() };

/** How many individuals a run (or a page of it) gave a record, skipped as already linked (SR-3), or failed. */
export const runCounts = {
  created: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
};
