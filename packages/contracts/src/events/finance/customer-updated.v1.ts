import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * FIN-2 a customer's details changed, and with them every program and invoice connected to it (one
 * transaction). Coarse: counts, not the programs' ids (a customer may have thousands); each
 * program's history names the change. Names the changed fields, never protected values (X-4).
 */
export const financeCustomerUpdatedV1 = defineEvent({
  type: 'finance.customer-updated',
  version: 1,
  aggregateType: 'finance-customer',
  topic: 'finance.events',
  schema: z.object({
    customerId: z.uuid(),
    changedFields: z.array(z.string()),
    programCount: z.number().int().nonnegative(),
    invoiceCount: z.number().int().nonnegative(),
    financedProgramCount: z.number().int().nonnegative(),
    /** The verification document an address change on financed programs was made with. */
    verificationDocumentId: z.uuid().nullable(),
    updatedBy: z.string().min(1),
  }),
});
