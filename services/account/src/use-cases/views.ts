import { and, arrayContains, asc, desc, eq, or } from 'drizzle-orm';
import type { Database } from '@agencyflow/db';
import { contactFiles, contacts, dealCards, history, policySummaries } from '../db/schema';
import { getAccount } from './get-account';
import { findContact } from './update-contact';

const historyLimit = 200;

const policyColumns = {
  policyId: policySummaries.policyId,
  carrier: policySummaries.carrier,
  policyNumber: policySummaries.policyNumber,
  coverageType: policySummaries.coverageType,
  status: policySummaries.status,
  effectiveDate: policySummaries.effectiveDate,
  renewalDate: policySummaries.renewalDate,
  premium: policySummaries.premium,
  policyholderContactId: policySummaries.policyholderContactId,
};

const historyColumns = {
  occurredAt: history.occurredAt,
  source: history.source,
  eventType: history.eventType,
  summary: history.summary,
  contactId: history.contactId,
  actor: history.actor,
};

/** ACC-9 Account 360: the account, its contacts (primary first), policies and history, newest first. */
export async function account360(database: Database, tenantId: string, accountId: string) {
  const account = await getAccount(database, tenantId, accountId);
  if (!account) return undefined;
  const { db } = database;
  const [members, policies, entries] = await Promise.all([
    db
      .select()
      .from(contacts)
      .where(and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, account.id)))
      .orderBy(asc(contacts.role), asc(contacts.createdAt), asc(contacts.id)),
    db
      .select(policyColumns)
      .from(policySummaries)
      .where(and(eq(policySummaries.tenantId, tenantId), eq(policySummaries.accountId, account.id), eq(policySummaries.deleted, false)))
      .orderBy(desc(policySummaries.effectiveDate), asc(policySummaries.policyId)),
    db
      .select(historyColumns)
      .from(history)
      .where(and(eq(history.tenantId, tenantId), eq(history.accountId, account.id)))
      .orderBy(desc(history.occurredAt), desc(history.seq))
      .limit(historyLimit),
  ]);
  return { account, contacts: members, policies, history: entries };
}

/** ACC-9 Contact 360: the contact, its account and label, its policies, deal cards, files and history. */
export async function contact360(database: Database, tenantId: string, contactId: string) {
  const { db } = database;
  const contact = await findContact(db, tenantId, contactId);
  if (!contact) return undefined;
  const [account, policies, cards, files, entries] = await Promise.all([
    getAccount(database, tenantId, contact.accountId),
    db
      .select(policyColumns)
      .from(policySummaries)
      .where(
        and(
          eq(policySummaries.tenantId, tenantId),
          eq(policySummaries.deleted, false),
          // Only the contact's rows, found by index: `@>` (not `= any(...)`) so a GIN index on
          // member_contact_ids answers the member arm and one on (tenant_id,
          // policyholder_contact_id) the policyholder arm (a BitmapOr of the two).
          or(eq(policySummaries.policyholderContactId, contact.id), arrayContains(policySummaries.memberContactIds, [contact.id])),
        ),
      )
      .orderBy(desc(policySummaries.effectiveDate), asc(policySummaries.policyId)),
    db
      .select()
      .from(dealCards)
      .where(and(eq(dealCards.tenantId, tenantId), eq(dealCards.contactId, contact.id)))
      .orderBy(desc(dealCards.createdAt), desc(dealCards.id)),
    db
      .select({ id: contactFiles.id, fileName: contactFiles.fileName, contentType: contactFiles.contentType, sizeBytes: contactFiles.sizeBytes, createdAt: contactFiles.createdAt })
      .from(contactFiles)
      .where(and(eq(contactFiles.tenantId, tenantId), eq(contactFiles.contactId, contact.id)))
      .orderBy(desc(contactFiles.createdAt), desc(contactFiles.id)),
    db
      .select(historyColumns)
      .from(history)
      .where(and(eq(history.tenantId, tenantId), eq(history.contactId, contact.id)))
      .orderBy(desc(history.occurredAt), desc(history.seq))
      .limit(historyLimit),
  ]);
  // The contact's account is of the same tenant; a row that says otherwise shows nothing of it.
  if (!account) return undefined;
  return { contact, account, policies, dealCards: cards, files, history: entries };
}
