import { z } from 'zod';
import { defineEvent } from '../define-event';

/** FIN-1 a program's financed flag changed after its creation (decision 0032: in draft or quoted only). */
export const financeProgramFinancedChangedV1 = defineEvent({
  type: 'finance.program-financed-changed',
  version: 1,
  aggregateType: 'finance-program',
  topic: 'finance.events',
  schema: z.object({
    programId: z.uuid(),
    customerId: z.uuid(),
    financed: z.boolean(),
    status: z.string(),
    changedBy: z.string().min(1),
  }),
});
