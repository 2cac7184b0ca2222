import { and, count, eq, sql } from 'drizzle-orm';
import { accountDeletedV1, buildEvent, contactDeletedV2, primaryContactChangedV1, type OutgoingEvent } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import { accounts, contactFiles, contacts, dealCards, history, policySummaries } from '../db/schema';
import type { Executor } from '../db/executor';
import { planContactDeletion, policyFateOnContactDeletion, type ContactRef } from '../domain/contact-deletion';
import { displayName } from '../domain/contact-names';
import { lockAccount } from './lock-account';
import { findContact } from './update-contact';

export interface DeleteContactCommand {
  tenantId: string;
  contactId: string;
  actor: string;
  confirmed: boolean;
  newPrimaryContactId?: string;
}

/** Everything a deletion takes with it, answered before (and instead of) deleting without confirmation. */
export interface DeletionImpact {
  contact: ContactRef;
  account: { id: string; name: string; deleted: boolean };
  policies: Array<{ policyId: string; carrier: string; policyNumber: string; status: string; fate: 'deleted' | 'moved-to-new-primary' }>;
  dealCards: number;
  files: number;
  historyEntries: number;
}

export type DeleteContactResult =
  | { outcome: 'not-found' }
  | { outcome: 'needs-new-primary'; candidates: ContactRef[]; impact: DeletionImpact }
  | { outcome: 'invalid-new-primary'; reason: string; candidates: ContactRef[] }
  | { outcome: 'needs-confirmation'; impact: DeletionImpact }
  | { outcome: 'deleted'; impact: DeletionImpact; newPrimaryContactId: string | null };

/** ACC-3, ACC-4, ACC-5: deletes a contact with everything attached to it, or says what it would delete. */
export async function deleteContact(database: Database, command: DeleteContactCommand): Promise<DeleteContactResult> {
  return database.db.transaction(async (tx) => {
    const found = await findContact(tx, command.tenantId, command.contactId);
    if (!found) return { outcome: 'not-found' };
    const account = (await lockAccount(tx, command.tenantId, found.accountId))!;
    const siblings = await tx.select().from(contacts).where(eq(contacts.accountId, account.id));
    const refs: ContactRef[] = siblings.map((c) => ({ id: c.id, role: c.role, displayName: displayName(c) }));
    const contact = refs.find((c) => c.id === found.id)!;

    const plan = planContactDeletion({
      contact,
      accountContacts: refs,
      confirmed: command.confirmed,
      newPrimaryContactId: command.newPrimaryContactId,
    });
    if (plan.kind === 'invalid-new-primary') return { outcome: 'invalid-new-primary', reason: plan.reason, candidates: plan.candidates };

    const isLast = refs.length === 1;
    const impact = await measureImpact(tx, command.tenantId, contact, account, isLast);
    if (plan.kind === 'needs-new-primary') return { outcome: 'needs-new-primary', candidates: plan.candidates, impact };
    if (plan.kind === 'needs-confirmation') return { outcome: 'needs-confirmation', impact };

    const newPrimaryContactId = plan.kind === 'delete-primary' ? plan.newPrimaryContactId : null;
    const events: OutgoingEvent[] = [];
    const base = { tenantId: command.tenantId, aggregateId: account.id };

    // Deal cards and files go with the contact (foreign keys cascade); its history is removed here.
    await tx.delete(history).where(eq(history.contactId, contact.id));
    await tx.delete(contacts).where(eq(contacts.id, contact.id));
    if (newPrimaryContactId) {
      await tx.update(contacts).set({ role: 'primary', relation: null, updatedAt: sql`now()` }).where(eq(contacts.id, newPrimaryContactId));
    }
    events.push(
      buildEvent(contactDeletedV2, {
        ...base,
        data: {
          contactId: contact.id,
          accountId: account.id,
          role: contact.role,
          newPrimaryContactId,
          movedPolicyIds: impact.policies.filter((p) => p.fate === 'moved-to-new-primary').map((p) => p.policyId),
          accountDeleted: isLast,
          deletedDealCards: impact.dealCards,
          deletedFiles: impact.files,
          deletedBy: command.actor,
        },
      }),
    );
    if (newPrimaryContactId) {
      events.push(
        buildEvent(primaryContactChangedV1, {
          ...base,
          data: { accountId: account.id, previousPrimaryContactId: contact.id, newPrimaryContactId, changedBy: command.actor },
        }),
      );
    }
    if (isLast) {
      // ACC-5: the last contact takes the account (and, through the event, its policies) with it.
      await tx.delete(history).where(and(eq(history.tenantId, command.tenantId), eq(history.accountId, account.id)));
      await tx.delete(accounts).where(eq(accounts.id, account.id));
      events.push(
        buildEvent(accountDeletedV1, { ...base, data: { accountId: account.id, reason: 'last-contact-deleted', deletedBy: command.actor } }),
      );
    }
    await writeOutbox(tx, events);
    return { outcome: 'deleted', impact, newPrimaryContactId };
  });
}

async function measureImpact(
  tx: Executor,
  tenantId: string,
  contact: ContactRef,
  account: typeof accounts.$inferSelect,
  isLast: boolean,
): Promise<DeletionImpact> {
  const policyFilter = isLast
    ? and(eq(policySummaries.tenantId, tenantId), eq(policySummaries.accountId, account.id), eq(policySummaries.deleted, false))
    : and(eq(policySummaries.tenantId, tenantId), eq(policySummaries.policyholderContactId, contact.id), eq(policySummaries.deleted, false));
  const policies = await tx.select().from(policySummaries).where(policyFilter);
  const [deals] = await tx.select({ n: count() }).from(dealCards).where(eq(dealCards.contactId, contact.id));
  const [files] = await tx.select({ n: count() }).from(contactFiles).where(eq(contactFiles.contactId, contact.id));
  const [entries] = await tx.select({ n: count() }).from(history).where(eq(history.contactId, contact.id));
  return {
    contact,
    account: { id: account.id, name: account.name, deleted: isLast },
    policies: policies.map((p) => ({
      policyId: p.policyId,
      carrier: p.carrier,
      policyNumber: p.policyNumber,
      status: p.status,
      fate: policyFateOnContactDeletion({ role: contact.role, isLastOfAccount: isLast }, p),
    })),
    dealCards: deals?.n ?? 0,
    files: files?.n ?? 0,
    historyEntries: entries?.n ?? 0,
  };
}
