import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { buildEvent, contactAttachmentAddedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import { contactFiles, dealCards } from '../db/schema';
import { findContact } from './update-contact';

export interface NewDealCard {
  title: string;
  stage?: 'new' | 'qualified' | 'proposal' | 'won' | 'lost';
  value?: string | null;
  expectedCloseDate?: string | null;
}

/** A deal card on a contact's pipeline. */
export async function addDealCard(database: Database, command: { tenantId: string; contactId: string; actor: string; card: NewDealCard }) {
  return database.db.transaction(async (tx) => {
    const contact = await findContact(tx, command.tenantId, command.contactId);
    if (!contact) return undefined;
    const [card] = await tx
      .insert(dealCards)
      .values({ ...command.card, tenantId: command.tenantId, contactId: contact.id, createdBy: command.actor })
      .returning();
    await writeOutbox(tx, [
      buildEvent(contactAttachmentAddedV1, {
        tenantId: command.tenantId,
        aggregateId: contact.accountId,
        data: { accountId: contact.accountId, contactId: contact.id, kind: 'deal-card', attachmentId: card!.id, title: card!.title, addedBy: command.actor },
      }),
    ]);
    return card!;
  });
}

export interface NewFile {
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** Stores a file on a contact, content included, with a checksum for integrity. */
export async function attachFile(database: Database, command: { tenantId: string; contactId: string; actor: string; file: NewFile }) {
  return database.db.transaction(async (tx) => {
    const contact = await findContact(tx, command.tenantId, command.contactId);
    if (!contact) return undefined;
    const { fileName, contentType, content } = command.file;
    const [file] = await tx
      .insert(contactFiles)
      .values({
        tenantId: command.tenantId,
        contactId: contact.id,
        fileName,
        contentType,
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        createdBy: command.actor,
      })
      .returning({ id: contactFiles.id, fileName: contactFiles.fileName, contentType: contactFiles.contentType, sizeBytes: contactFiles.sizeBytes, sha256: contactFiles.sha256, createdAt: contactFiles.createdAt });
    await writeOutbox(tx, [
      buildEvent(contactAttachmentAddedV1, {
        tenantId: command.tenantId,
        aggregateId: contact.accountId,
        data: { accountId: contact.accountId, contactId: contact.id, kind: 'file', attachmentId: file!.id, title: fileName, addedBy: command.actor },
      }),
    ]);
    return file!;
  });
}

export async function getFile(database: Database, tenantId: string, fileId: string) {
  const [file] = await database.db
    .select()
    .from(contactFiles)
    .where(and(eq(contactFiles.tenantId, tenantId), eq(contactFiles.id, fileId)));
  return file;
}
