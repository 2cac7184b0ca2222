import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { applyContactChange, claimContactEmail, lockContact, type ContactRow } from '../db/finance-store';
import { changedFields, lockedSignerFields, type ProgramRef } from '../domain/party-rules';
import { isSignedAgreement } from '../domain/program-lifecycle';
import { emailTaken, type ContactInput, type EmailTaken } from './create-contact';
import { programsSignedBy } from './contact-queries';

export type SignerLocked = Outcome<'signer-locked', { programs: ProgramRef[]; lockedFields: string[] }>;

export type UpdateContactResult =
  | Outcome<'updated', { contact: ContactRow; programCount: number; invoiceCount: number; changedFields: string[] }>
  | Outcome<'unchanged', { contact: ContactRow }>
  | Outcome<'not-found'>
  | EmailTaken
  | SignerLocked;

/** The active agreements a contact signed (FIN-5: their signer is who signed them), locked against a status change. */
export async function activeAgreementsSignedBy(tx: Parameters<typeof programsSignedBy>[0], tenantId: string, contactId: string): Promise<ProgramRef[]> {
  return (await programsSignedBy(tx, tenantId, contactId)).filter((p) => isSignedAgreement(p.status));
}

/**
 * FIN-4 a contact's details change for every program connected to it. A new email that another
 * contact has (without case) is refused, naming that contact: replace the contact instead (FIN-5).
 * FIN-5 on the signer of an active agreement, the fields that say who signed stay as they are.
 */
export async function updateContact(database: Database, command: { tenantId: string; contactId: string; actor: string; input: Partial<ContactInput> }): Promise<UpdateContactResult> {
  return database.db.transaction(async (tx) => {
    const current = await lockContact(tx, command.tenantId, command.contactId);
    if (!current) return { outcome: 'not-found' };
    const changed = changedFields<Record<string, unknown>>(current, command.input as Record<string, unknown>);
    if (changed.length === 0) return { outcome: 'unchanged', contact: current };

    const locked = lockedSignerFields(changed);
    if (locked.length > 0) {
      const signed = await activeAgreementsSignedBy(tx, command.tenantId, current.id);
      if (signed.length > 0) return { outcome: 'signer-locked', programs: signed, lockedFields: locked };
    }
    const email = command.input.email;
    if (changed.includes('email') && email) {
      const holder = await claimContactEmail(tx, command.tenantId, email, current.id);
      if (holder) return emailTaken(email, holder);
    }
    const columns = Object.fromEntries(changed.map((f) => [f, (command.input as Record<string, unknown>)[f] ?? null]));
    const result = await applyContactChange(tx, current, { columns, changedFields: changed, actor: command.actor });
    return { outcome: 'updated', ...result, changedFields: changed };
  });
}
