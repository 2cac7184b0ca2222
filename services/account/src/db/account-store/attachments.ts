import { eq, sql } from 'drizzle-orm';
import { buildEvent, contactAttachmentAddedV1, type EventData } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { contactFiles, dealCards } from '../schema';

/**
 * Deal cards and files belong to a contact (they go with it, ACC-3) and so to its account: their
 * events are the account's, keyed by its id like every other change of it.
 */
type AttachedTo = { tenantId: string; id: string; accountId: string };

export type DealCardRow = typeof dealCards.$inferSelect;
/** What is answered about a stored file: everything but its content. */
export type ContactFileInfo = Pick<typeof contactFiles.$inferSelect, 'id' | 'fileName' | 'contentType' | 'sizeBytes' | 'sha256' | 'createdAt'>;

export interface NewDealCard {
  title: string;
  stage?: (typeof dealCards.$inferInsert)['stage'];
  value?: string | null;
  expectedCloseDate?: string | null;
}

export interface NewFile {
  fileName: string;
  contentType: string;
  /** The plain content's size and SHA-256 (for integrity checks by clients)... */
  sizeBytes: number;
  sha256: string;
  /** ...and the content as stored: sealed with the field cipher (X-4). */
  sealed: Buffer;
}

/**
 * Bytes of files a tenant stores now, counted under a per-tenant lock so two uploads cannot both
 * pass the quota check; the lock is the transaction's, released at its end.
 */
export async function tenantFileBytes(tx: Executor, tenantId: string): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`contact-files:${tenantId}`}, 0))`);
  const [row] = await tx.select({ used: sql<string>`coalesce(sum(${contactFiles.sizeBytes}), 0)` }).from(contactFiles).where(eq(contactFiles.tenantId, tenantId));
  return Number(row?.used ?? 0);
}

function attachmentAdded(contact: AttachedTo, attachment: Pick<EventData<typeof contactAttachmentAddedV1>, 'kind' | 'attachmentId' | 'title'>, actor: string) {
  return buildEvent(contactAttachmentAddedV1, {
    tenantId: contact.tenantId,
    aggregateId: contact.accountId,
    data: { accountId: contact.accountId, contactId: contact.id, ...attachment, addedBy: actor },
  });
}

/** A deal card on a contact's pipeline, and contact-attachment-added. */
export async function insertDealCard(tx: Executor, contact: AttachedTo, card: NewDealCard, actor: string): Promise<DealCardRow> {
  const [row] = await tx
    .insert(dealCards)
    .values({ ...card, tenantId: contact.tenantId, contactId: contact.id, createdBy: actor })
    .returning();
  const inserted = row!;
  await writeOutbox(tx, [attachmentAdded(contact, { kind: 'deal-card', attachmentId: inserted.id, title: inserted.title }, actor)]);
  return inserted;
}

/** A file on a contact, content included, with a checksum for integrity; answers its metadata only. */
export async function insertContactFile(tx: Executor, contact: AttachedTo, file: NewFile, actor: string): Promise<ContactFileInfo> {
  const { fileName, contentType, sizeBytes, sha256, sealed } = file;
  const [row] = await tx
    .insert(contactFiles)
    .values({
      tenantId: contact.tenantId,
      contactId: contact.id,
      fileName,
      contentType,
      sizeBytes,
      sha256,
      content: sealed,
      createdBy: actor,
    })
    .returning({ id: contactFiles.id, fileName: contactFiles.fileName, contentType: contactFiles.contentType, sizeBytes: contactFiles.sizeBytes, sha256: contactFiles.sha256, createdAt: contactFiles.createdAt });
  const inserted = row!;
  await writeOutbox(tx, [attachmentAdded(contact, { kind: 'file', attachmentId: inserted.id, title: fileName }, actor)]);
  return inserted;
}
