import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * SR-7: a sales record was converted to individual: its values were merged into its individual
 * (which fields, never their values) and it is marked converted. Keyed by the record.
 */
export const salesRecordConvertedV1 = defineEvent({
  type: 'sales.sales-record-converted',
  version: 1,
  aggregateType: 'sales-record',
  topic: 'sales.events',
  schema: z.object({
    salesRecordId: z.uuid(),
    individualId: z.uuid(),
    mergedFields: z.array(z.string()).max(50),
    convertedBy: z.string().min(1),
    convertedAt: z.string(),
  }),
});
