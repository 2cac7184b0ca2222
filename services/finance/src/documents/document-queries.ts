import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { documentInfoColumns } from '../db/finance-store';
import { financeVerificationDocuments } from '../db/schema';

export function documentsOfCustomer(db: Executor, tenantId: string, customerId: string) {
  return db
    .select(documentInfoColumns)
    .from(financeVerificationDocuments)
    .where(and(eq(financeVerificationDocuments.tenantId, tenantId), eq(financeVerificationDocuments.customerId, customerId)))
    .orderBy(desc(financeVerificationDocuments.createdAt), desc(financeVerificationDocuments.id));
}

/** A document with its (sealed) content, for download. */
export async function findDocumentContent(db: Executor, tenantId: string, documentId: string) {
  const [row] = await db
    .select({ fileName: financeVerificationDocuments.fileName, contentType: financeVerificationDocuments.contentType, content: financeVerificationDocuments.content })
    .from(financeVerificationDocuments)
    .where(and(eq(financeVerificationDocuments.tenantId, tenantId), eq(financeVerificationDocuments.id, documentId)));
  return row;
}
