import { z } from 'zod';
import { defineEvent } from '../define-event';

/** A finance customer (the insured of programs) was created (FIN-6). Never carries the tax id. */
export const financeCustomerCreatedV1 = defineEvent({
  type: 'finance.customer-created',
  version: 1,
  aggregateType: 'finance-customer',
  topic: 'finance.events',
  schema: z.object({
    customerId: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    createdBy: z.string().min(1),
  }),
});
