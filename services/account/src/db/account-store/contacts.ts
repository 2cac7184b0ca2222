import { eq, sql } from 'drizzle-orm';
import {
  accountDeletedV1,
  buildEvent,
  contactAddedV1,
  contactDeletedV2,
  contactUpdatedV1,
  primaryContactChangedV1,
  type ContactRole,
  type OutgoingEvent,
} from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { displayName } from '../../domain/contact-names';
import { accounts, contacts } from '../schema';

export type ContactRow = typeof contacts.$inferSelect;
export type NewContact = Omit<typeof contacts.$inferInsert, 'id' | 'syncFingerprint' | 'syncRank' | 'createdAt' | 'updatedAt'>;
/** Column values of a contact's own fields, as a change writes them (protected ones already encrypted). */
export type ContactColumns = Partial<typeof contacts.$inferInsert>;

/** What contact-added and contact-updated both say of the contact (never protected values). */
const contactFacts = (contact: ContactRow) => ({
  contactId: contact.id,
  accountId: contact.accountId,
  relation: contact.relation ?? null,
  displayName: displayName(contact),
  email: contact.email ?? null,
});

/** Adds a contact to a (locked) account and publishes contact-added; the caller placed it (ACC-1/2) and gave it the account's status (ACC-8). */
export async function insertContact(tx: Executor, contact: NewContact): Promise<ContactRow> {
  const [row] = await tx.insert(contacts).values(contact).returning();
  const added = row!;
  await writeOutbox(tx, [
    buildEvent(contactAddedV1, {
      tenantId: added.tenantId,
      aggregateId: added.accountId,
      data: {
        ...contactFacts(added),
        role: added.role,
        status: added.status,
        servicingAgentId: added.servicingAgentId ?? null,
        source: added.source,
        addedBy: added.createdBy,
      },
    }),
  ]);
  return added;
}

/** Writes changed fields of a contact and publishes contact-updated with the names of the fields asked to change. */
export async function changeContact(
  tx: Executor,
  contact: ContactRow,
  change: { columns: ContactColumns; changedFields: string[]; actor: string },
): Promise<ContactRow> {
  const [row] = await tx
    .update(contacts)
    .set({ ...change.columns, updatedAt: sql`now()` })
    .where(eq(contacts.id, contact.id))
    .returning();
  const updated = row!;
  await writeOutbox(tx, [
    buildEvent(contactUpdatedV1, {
      tenantId: updated.tenantId,
      aggregateId: updated.accountId,
      data: {
        ...contactFacts(updated),
        changedFields: change.changedFields,
        updatedBy: change.actor,
      },
    }),
  ]);
  return updated;
}

/** A primary has no relation to its own account (ACC-2). */
async function promoteToPrimary(tx: Executor, contactId: string): Promise<ContactRow> {
  const [row] = await tx.update(contacts).set({ role: 'primary', relation: null, updatedAt: sql`now()` }).where(eq(contacts.id, contactId)).returning();
  return row!;
}

function primaryChangedEvent(tenantId: string, accountId: string, previousPrimaryContactId: string | null, newPrimaryContactId: string, changedBy: string) {
  return buildEvent(primaryContactChangedV1, {
    tenantId,
    aggregateId: accountId,
    data: { accountId, previousPrimaryContactId, newPrimaryContactId, changedBy },
  });
}

/**
 * Makes a contact of a (locked) account its primary; the previous primary, if any, becomes a
 * secondary related as 'other' (ACC-1: one primary at all times). Publishes primary-contact-changed.
 */
export async function replacePrimary(
  tx: Executor,
  change: { tenantId: string; accountId: string; previousPrimaryContactId: string | null; newPrimaryContactId: string; actor: string },
): Promise<ContactRow> {
  if (change.previousPrimaryContactId) {
    await tx
      .update(contacts)
      .set({ role: 'secondary', relation: 'other', updatedAt: sql`now()` })
      .where(eq(contacts.id, change.previousPrimaryContactId));
  }
  const primary = await promoteToPrimary(tx, change.newPrimaryContactId);
  await writeOutbox(tx, [
    primaryChangedEvent(change.tenantId, change.accountId, change.previousPrimaryContactId, change.newPrimaryContactId, change.actor),
  ]);
  return primary;
}

/** A contact deletion as planned by planContactDeletion, with what it takes along (ACC-3/4/5). */
export interface ContactRemoval {
  tenantId: string;
  accountId: string;
  contact: { id: string; role: ContactRole };
  /** ACC-4: the successor of a deleted primary. */
  newPrimaryContactId: string | null;
  /** ACC-5: the last contact takes the account with it. */
  deletesAccount: boolean;
  /** ACC-4: the policies the policy service moves to the new primary; the rest of the contact's go. */
  movedPolicyIds: string[];
  deletedDealCards: number;
  deletedFiles: number;
  actor: string;
}

/**
 * Deletes a contact of a (locked) account (its deal cards and files go by foreign key), promotes
 * the successor of a primary, removes the account with its last contact, and publishes what
 * happened: contact-deleted (the policy service applies the policies' fate from it), then
 * primary-contact-changed and account-deleted where they apply.
 */
export async function removeContact(tx: Executor, removal: ContactRemoval): Promise<void> {
  const { tenantId, accountId, contact, newPrimaryContactId, actor } = removal;
  const base = { tenantId, aggregateId: accountId };
  await tx.delete(contacts).where(eq(contacts.id, contact.id));
  const events: OutgoingEvent[] = [
    buildEvent(contactDeletedV2, {
      ...base,
      data: {
        contactId: contact.id,
        accountId,
        role: contact.role,
        newPrimaryContactId,
        movedPolicyIds: removal.movedPolicyIds,
        accountDeleted: removal.deletesAccount,
        deletedDealCards: removal.deletedDealCards,
        deletedFiles: removal.deletedFiles,
        deletedBy: actor,
      },
    }),
  ];
  if (newPrimaryContactId) {
    await promoteToPrimary(tx, newPrimaryContactId);
    events.push(primaryChangedEvent(tenantId, accountId, contact.id, newPrimaryContactId, actor));
  }
  if (removal.deletesAccount) {
    await tx.delete(accounts).where(eq(accounts.id, accountId));
    events.push(buildEvent(accountDeletedV1, { ...base, data: { accountId, reason: 'last-contact-deleted', deletedBy: actor } }));
  }
  await writeOutbox(tx, events);
}
