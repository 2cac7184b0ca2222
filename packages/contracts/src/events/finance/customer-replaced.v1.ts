import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * FIN-3 a customer was replaced by another (new or existing) on every program and invoice it was
 * connected to. Keyed by the replaced customer. Coarse: counts, not ids.
 */
export const financeCustomerReplacedV1 = defineEvent({
  type: 'finance.customer-replaced',
  version: 1,
  aggregateType: 'finance-customer',
  topic: 'finance.events',
  schema: z.object({
    replacedCustomerId: z.uuid(),
    customerId: z.uuid(),
    customerCreated: z.boolean(),
    /** The program the replacement was asked on. */
    requestedOnProgramId: z.uuid(),
    programCount: z.number().int().nonnegative(),
    invoiceCount: z.number().int().nonnegative(),
    replacedBy: z.string().min(1),
  }),
});
