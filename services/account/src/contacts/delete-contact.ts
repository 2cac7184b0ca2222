import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { lockAccount, removeContact } from '../db/account-store';
import { deleteAccountHistory, deleteContactHistory } from '../db/history-store';
import { planContactDeletion, type ContactRef } from '../domain/contact-deletion';
import { displayName } from '../domain/contact-names';
import { contactsOfAccount, findContact } from './contact-queries';
import { measureDeletionImpact, type DeletionImpact } from './deletion-impact';

export interface DeleteContactCommand {
  tenantId: string;
  contactId: string;
  actor: string;
  confirmed: boolean;
  newPrimaryContactId?: string;
}

/** The answers of ACC-3/ACC-4 are their own words: what is needed before anything is deleted. */
export type DeleteContactResult =
  | Outcome<'not-found'>
  | Outcome<'needs-new-primary', { candidates: ContactRef[]; impact: DeletionImpact }>
  | Outcome<'invalid-new-primary', { reason: string; candidates: ContactRef[] }>
  | Outcome<'needs-confirmation', { impact: DeletionImpact }>
  | Outcome<'deleted', { impact: DeletionImpact; newPrimaryContactId: string | null }>;

/** ACC-3, ACC-4, ACC-5: deletes a contact with everything attached to it, or says what it would delete. */
export async function deleteContact(database: Database, command: DeleteContactCommand): Promise<DeleteContactResult> {
  return database.db.transaction(async (tx) => {
    const found = await findContact(tx, command.tenantId, command.contactId);
    if (!found) return { outcome: 'not-found' };
    const account = (await lockAccount(tx, command.tenantId, found.accountId))!;
    const siblings = await contactsOfAccount(tx, command.tenantId, account.id);
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
    const impact = await measureDeletionImpact(tx, command.tenantId, contact, account, isLast);
    if (plan.kind === 'needs-new-primary') return { outcome: 'needs-new-primary', candidates: plan.candidates, impact };
    if (plan.kind === 'needs-confirmation') return { outcome: 'needs-confirmation', impact };

    const newPrimaryContactId = plan.kind === 'delete-primary' ? plan.newPrimaryContactId : null;
    // The history of what goes goes with it (ACC-3; ACC-5 for the account of the last contact).
    await deleteContactHistory(tx, command.tenantId, contact.id);
    if (isLast) await deleteAccountHistory(tx, command.tenantId, account.id);
    await removeContact(tx, {
      tenantId: command.tenantId,
      accountId: account.id,
      contact,
      newPrimaryContactId,
      deletesAccount: isLast,
      movedPolicyIds: impact.policies.filter((p) => p.fate === 'moved-to-new-primary').map((p) => p.policyId),
      deletedDealCards: impact.dealCards,
      deletedFiles: impact.files,
      actor: command.actor,
    });
    return { outcome: 'deleted', impact, newPrimaryContactId };
  });
}
