import { z } from 'zod';
import { defineEvent } from '../define-event';

/** A tenant's sales record type was created, changed or deleted: its state after the change. Keyed by the type. */
export const salesRecordTypeChangedV1 = defineEvent({
  type: 'sales.sales-record-type-changed',
  version: 1,
  aggregateType: 'sales-record-type',
  topic: 'sales.events',
  schema: z.object({
    salesRecordTypeId: z.uuid(),
    change: z.enum(['created', 'updated', 'deleted']),
    name: z.string(),
    active: z.boolean(),
    salesWorkflowId: z.uuid().nullable(),
    revision: z.number().int().positive(),
    changedBy: z.string().min(1),
  }),
});
