import { z } from 'zod';
import { verificationDocumentTypeSchema } from '@agencyflow/contracts';
import { documentContentTypes } from '../domain/verification-documents';

/** A document's type, name and media type ride as query parameters; its bytes are the body. */
export const uploadDocumentQuery = z.strictObject({
  documentType: verificationDocumentTypeSchema,
  fileName: z.string().trim().min(1).max(255).regex(/^[^/\\]+$/, 'a file name, not a path'),
  contentType: z.enum(documentContentTypes as [string, ...string[]]),
});

export const documentIdParams = z.strictObject({ documentId: z.uuid() });
