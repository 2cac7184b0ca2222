import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * PS-2: a carrier feed arrived whole and its rows are staged (encrypted) in the same transaction.
 * The policy service starts the import's workflow from this committed event (decision 0020), so
 * an accepted upload is always imported, late rather than never. Counts only. Keyed by the import.
 */
export const carrierFeedStagedV1 = defineEvent({
  type: 'policy.carrier-feed-staged',
  version: 1,
  aggregateType: 'carrier-feed-import',
  topic: 'policy.events',
  schema: z.object({
    importId: z.uuid(),
    format: z.enum(['csv', 'json']),
    rows: z.number().int().nonnegative(),
    /** Rows already rejected at upload (they could not be read or failed validation). */
    rejectedAtUpload: z.number().int().nonnegative(),
    importedBy: z.string().min(1),
    /** Rows per page of the import (tests use small pages). */
    pageSize: z.number().int().positive().optional(),
  }),
});
