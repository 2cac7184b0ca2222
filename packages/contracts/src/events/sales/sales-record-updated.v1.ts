import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * A user changed a sales record: which fields changed (their names, never their values: some are
 * protected) and its new revision. Keyed by the record.
 */
export const salesRecordUpdatedV1 = defineEvent({
  type: 'sales.sales-record-updated',
  version: 1,
  aggregateType: 'sales-record',
  topic: 'sales.events',
  schema: z.object({
    salesRecordId: z.uuid(),
    individualId: z.uuid().nullable(),
    changedFields: z.array(z.string()).max(100),
    revision: z.number().int().positive(),
    updatedBy: z.string().min(1),
  }),
});
