import { z } from 'zod';
import { defineEvent } from '../define-event';

/** SR-5: a tenant's sales workflow was created, changed or deleted: its name, step kinds and revision (no template text). Keyed by the workflow. */
export const salesWorkflowChangedV1 = defineEvent({
  type: 'sales.sales-workflow-changed',
  version: 1,
  aggregateType: 'sales-workflow',
  topic: 'sales.events',
  schema: z.object({
    salesWorkflowId: z.uuid(),
    change: z.enum(['created', 'updated', 'deleted']),
    name: z.string(),
    stepKinds: z.array(z.string()).max(50),
    revision: z.number().int().positive(),
    changedBy: z.string().min(1),
  }),
});
