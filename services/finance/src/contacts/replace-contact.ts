import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { applyContactReplacement, lockContact, type ContactRow } from '../db/finance-store';
import { allOrNothing, lockReplacementPair } from '../all-or-nothing';
import { addContact, type ContactInput, type EmailTaken } from './create-contact';
import { activeAgreementsSignedBy, type SignerLocked } from './update-contact';

export type ReplaceContactResult =
  | Outcome<'replaced', { replaced: ContactRow; by: ContactRow; created: boolean; programCount: number; invoiceCount: number }>
  | Outcome<'not-found', { what: 'contact' | 'replacement' }>
  | Outcome<'same-contact'>
  | EmailTaken
  | SignerLocked;

/**
 * FIN-5 another contact (existing, or created in the same request) takes this one's place in every
 * role on every program and as billing contact of every invoice, in one transaction. Refused,
 * with nothing changed, while the contact is the signer of an active agreement (decision 0028).
 */
export async function replaceContact(
  database: Database,
  command: { tenantId: string; contactId: string; actor: string; by: { contactId: string } | { contact: ContactInput } },
): Promise<ReplaceContactResult> {
  return allOrNothing(database, async (tx): Promise<ReplaceContactResult> => {
    // Both contacts in id order (two opposite replacements cannot deadlock), then their programs.
    const byId = 'contactId' in command.by ? command.by.contactId : undefined;
    if (byId === command.contactId) return { outcome: 'same-contact' };
    const { replaced, existing } = await lockReplacementPair(command.contactId, byId, (id) => lockContact(tx, command.tenantId, id));
    if (!replaced) return { outcome: 'not-found', what: 'contact' };
    const signed = await activeAgreementsSignedBy(tx, command.tenantId, replaced.id);
    if (signed.length > 0) return { outcome: 'signer-locked', programs: signed, lockedFields: ['contact'] };

    const added = byId ? undefined : await addContact(tx, { tenantId: command.tenantId, actor: command.actor, input: (command.by as { contact: ContactInput }).contact });
    if (added?.outcome === 'email-taken') return added;
    const by = added ? added.contact : existing;
    if (!by) return { outcome: 'not-found', what: 'replacement' };
    const created = added !== undefined;
    const counts = await applyContactReplacement(tx, { replaced, by, created, actor: command.actor });
    return { outcome: 'replaced', replaced, by, created, ...counts };
  }, (result) => result.outcome === 'replaced');
}
