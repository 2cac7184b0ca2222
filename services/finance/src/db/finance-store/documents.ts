import { and, eq, sql } from 'drizzle-orm';
import { buildEvent, financeVerificationDocumentAddedV1, type VerificationDocumentType } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { financeVerificationDocuments } from '../schema';
import { recordHistory } from '../history-store';
import type { CustomerRow } from './customers';

export type DocumentRow = typeof financeVerificationDocuments.$inferSelect;
/** What is answered about a document: everything but its content. */
export type DocumentInfo = Omit<DocumentRow, 'content' | 'tenantId'>;

export interface NewDocument {
  documentType: VerificationDocumentType;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** The content as stored: sealed with the field cipher. */
  sealed: Buffer;
}

const infoColumns = {
  id: financeVerificationDocuments.id,
  customerId: financeVerificationDocuments.customerId,
  documentType: financeVerificationDocuments.documentType,
  fileName: financeVerificationDocuments.fileName,
  contentType: financeVerificationDocuments.contentType,
  sizeBytes: financeVerificationDocuments.sizeBytes,
  sha256: financeVerificationDocuments.sha256,
  usedAt: financeVerificationDocuments.usedAt,
  usedFor: financeVerificationDocuments.usedFor,
  createdBy: financeVerificationDocuments.createdBy,
  createdAt: financeVerificationDocuments.createdAt,
};
export { infoColumns as documentInfoColumns };

/** FIN-2 a verification document of a customer; verification-document-added. */
export async function insertDocument(tx: Executor, customer: CustomerRow, document: NewDocument, actor: string): Promise<DocumentInfo> {
  const { sealed, ...meta } = document;
  const [row] = await tx
    .insert(financeVerificationDocuments)
    .values({ ...meta, content: sealed, tenantId: customer.tenantId, customerId: customer.id, createdBy: actor })
    .returning(infoColumns);
  const inserted = row!;
  const event = buildEvent(financeVerificationDocumentAddedV1, {
    tenantId: customer.tenantId,
    aggregateId: customer.id,
    data: { documentId: inserted.id, customerId: customer.id, documentType: inserted.documentType, contentType: inserted.contentType, sizeBytes: inserted.sizeBytes, addedBy: actor },
  });
  await recordHistory(tx, { tenantId: customer.tenantId, eventId: event.envelope.id, actor }, [
    { subjectType: 'customer', subjectId: customer.id, change: 'document-added', summary: `Verification document added (${inserted.documentType}, ${inserted.fileName})`, after: { documentId: inserted.id, documentType: inserted.documentType } },
  ]);
  await writeOutbox(tx, [event]);
  return inserted;
}

/** The document, locked (a document verifies one address change). */
export async function lockDocument(tx: Executor, tenantId: string, documentId: string): Promise<DocumentInfo | undefined> {
  const [row] = await tx
    .select(infoColumns)
    .from(financeVerificationDocuments)
    .where(and(eq(financeVerificationDocuments.tenantId, tenantId), eq(financeVerificationDocuments.id, documentId)))
    .for('update');
  return row;
}

/** FIN-2 the document now verifies this address change (the change's own event records it too). */
export async function markDocumentUsed(tx: Executor, tenantId: string, documentId: string, usedFor: Record<string, unknown>): Promise<void> {
  await tx
    .update(financeVerificationDocuments)
    .set({ usedAt: sql`now()`, usedFor })
    .where(and(eq(financeVerificationDocuments.tenantId, tenantId), eq(financeVerificationDocuments.id, documentId)));
}
