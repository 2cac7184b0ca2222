import { createHash } from 'node:crypto';
import type { Outcome, VerificationDocumentType } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { insertDocument, lockCustomer, type DocumentInfo } from '../db/finance-store';
import { documentRefusal } from '../domain/verification-documents';
import type { FieldCipher } from '../field-cipher';

export type UploadDocumentResult = Outcome<'created', { document: DocumentInfo }> | Outcome<'not-found'> | Outcome<'invalid', { reason: string }>;

/**
 * FIN-2 a verification document for a customer: its media type one a document comes as and its
 * bytes of that type, stored sealed with the field cipher.
 */
export async function uploadDocument(
  database: Database,
  cipher: FieldCipher,
  command: { tenantId: string; customerId: string; actor: string; file: { documentType: VerificationDocumentType; fileName: string; contentType: string; content: Buffer } },
): Promise<UploadDocumentResult> {
  const { documentType, fileName, contentType, content } = command.file;
  const reason = documentRefusal(contentType, content);
  if (reason) return { outcome: 'invalid', reason };
  const document = { documentType, fileName, contentType, sizeBytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), sealed: cipher.sealBytes(content) };
  return database.db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, command.tenantId, command.customerId, 'share');
    if (!customer) return { outcome: 'not-found' };
    return { outcome: 'created', document: await insertDocument(tx, customer, document, command.actor) };
  });
}
