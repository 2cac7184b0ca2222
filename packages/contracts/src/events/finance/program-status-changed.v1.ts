import { z } from 'zod';
import { programStatusSchema } from '../../fields/finance-fields';
import { defineEvent } from '../define-event';

/** FIN-1 a program moved along its lifecycle (draft, quoted, pending-signature, active, paid-off, cancelled). */
export const financeProgramStatusChangedV1 = defineEvent({
  type: 'finance.program-status-changed',
  version: 1,
  aggregateType: 'finance-program',
  topic: 'finance.events',
  schema: z.object({
    programId: z.uuid(),
    from: programStatusSchema,
    to: programStatusSchema,
    financed: z.boolean(),
    changedBy: z.string().min(1),
  }),
});
