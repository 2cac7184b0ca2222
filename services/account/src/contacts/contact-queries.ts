import { and, asc, count, desc, eq } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import type { ContactRow } from '../db/account-store';
import { contactFiles, contacts, dealCards } from '../db/schema';

/** A contact of this tenant, or undefined: another tenant's contact is indistinguishable from none. */
export async function findContact(db: Executor, tenantId: string, contactId: string): Promise<ContactRow | undefined> {
  const [contact] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId)));
  return contact;
}

/** An account's contacts, the primary first, then by when they were added. */
export const contactsOfAccount = (db: Executor, tenantId: string, accountId: string) =>
  db
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId)))
    .orderBy(asc(contacts.role), asc(contacts.createdAt), asc(contacts.id));

export async function countContactsOfAccount(db: Executor, accountId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(contacts).where(eq(contacts.accountId, accountId));
  return row?.n ?? 0;
}

export async function primaryOfAccount(db: Executor, accountId: string): Promise<ContactRow | undefined> {
  const [primary] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.accountId, accountId), eq(contacts.role, 'primary')));
  return primary;
}

export const dealCardsOfContact = (db: Executor, tenantId: string, contactId: string) =>
  db
    .select()
    .from(dealCards)
    .where(and(eq(dealCards.tenantId, tenantId), eq(dealCards.contactId, contactId)))
    .orderBy(desc(dealCards.createdAt), desc(dealCards.id));

/** A contact's files without their content. */
export const filesOfContact = (db: Executor, tenantId: string, contactId: string) =>
  db
    .select({ id: contactFiles.id, fileName: contactFiles.fileName, contentType: contactFiles.contentType, sizeBytes: contactFiles.sizeBytes, createdAt: contactFiles.createdAt })
    .from(contactFiles)
    .where(and(eq(contactFiles.tenantId, tenantId), eq(contactFiles.contactId, contactId)))
    .orderBy(desc(contactFiles.createdAt), desc(contactFiles.id));

/** A file of this tenant, content included. */
export async function getFile(db: Executor, tenantId: string, fileId: string) {
  const [file] = await db
    .select()
    .from(contactFiles)
    .where(and(eq(contactFiles.tenantId, tenantId), eq(contactFiles.id, fileId)));
  return file;
}

/** How many deal cards and files a contact's deletion takes with it (ACC-3). */
export async function countAttachments(db: Executor, contactId: string): Promise<{ dealCards: number; files: number }> {
  const [deals] = await db.select({ n: count() }).from(dealCards).where(eq(dealCards.contactId, contactId));
  const [files] = await db.select({ n: count() }).from(contactFiles).where(eq(contactFiles.contactId, contactId));
  return { dealCards: deals?.n ?? 0, files: files?.n ?? 0 };
}
