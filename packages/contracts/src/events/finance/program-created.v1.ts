import { z } from 'zod';
import { programContactRoleSchema, programStatusSchema } from '../../fields/finance-fields';
import { defineEvent } from '../define-event';

/** FIN-1 a premium-finance program was created (in draft), with its customer and contacts in roles. */
export const financeProgramCreatedV1 = defineEvent({
  type: 'finance.program-created',
  version: 1,
  aggregateType: 'finance-program',
  topic: 'finance.events',
  schema: z.object({
    programId: z.uuid(),
    reference: z.string(),
    status: programStatusSchema,
    financed: z.boolean(),
    customerId: z.uuid(),
    contacts: z.array(z.object({ contactId: z.uuid(), role: programContactRoleSchema })).max(50),
    createdBy: z.string().min(1),
  }),
});
