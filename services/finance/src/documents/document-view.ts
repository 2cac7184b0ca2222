import { z } from 'zod';
import { verificationDocumentTypes } from '@agencyflow/contracts';

/** What is answered about a verification document (DocumentInfo): everything but its content. */
export const documentView = z.strictObject({
  id: z.uuid(),
  customerId: z.uuid(),
  documentType: z.enum(verificationDocumentTypes),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  usedAt: z.iso.datetime().nullable(),
  usedFor: z.record(z.string(), z.unknown()).nullable().meta({ description: 'The address change it verified' }),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
});

export const documentListView = z.strictObject({ items: z.array(documentView) });
