import { z } from 'zod';
import { verificationDocumentTypeSchema } from '../../fields/finance-fields';
import { defineEvent } from '../define-event';

/** FIN-2 a verification document was uploaded for a customer (its content never leaves the service). */
export const financeVerificationDocumentAddedV1 = defineEvent({
  type: 'finance.verification-document-added',
  version: 1,
  aggregateType: 'finance-customer',
  topic: 'finance.events',
  schema: z.object({
    documentId: z.uuid(),
    customerId: z.uuid(),
    documentType: verificationDocumentTypeSchema,
    contentType: z.string(),
    sizeBytes: z.number().int().positive(),
    addedBy: z.string().min(1),
  }),
});
