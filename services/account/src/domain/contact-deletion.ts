import type { ContactRole } from '@agencyflow/contracts';

export interface ContactRef {
  id: string;
  role: ContactRole;
  displayName: string;
}

export interface DeletionRequest {
  contact: ContactRef;
  /** Every contact of the account, the one to delete included. */
  accountContacts: ContactRef[];
  confirmed: boolean;
  newPrimaryContactId?: string;
}

/** What a contact deletion will do, decided before anything is touched (ACC-3, ACC-4, ACC-5). */
export type DeletionPlan =
  | { kind: 'needs-new-primary'; candidates: ContactRef[] }
  | { kind: 'invalid-new-primary'; reason: string; candidates: ContactRef[] }
  | { kind: 'needs-confirmation'; deletesAccount: boolean }
  | { kind: 'delete-secondary' }
  | { kind: 'delete-primary'; newPrimaryContactId: string }
  | { kind: 'delete-last-contact' };

export function planContactDeletion({ contact, accountContacts, confirmed, newPrimaryContactId }: DeletionRequest): DeletionPlan {
  const others = accountContacts.filter((c) => c.id !== contact.id);
  const isLast = others.length === 0;

  // ACC-4: a primary with others beside it needs a successor named in the same request.
  if (contact.role === 'primary' && !isLast) {
    if (!newPrimaryContactId) return { kind: 'needs-new-primary', candidates: others };
    if (!others.some((c) => c.id === newPrimaryContactId)) {
      return { kind: 'invalid-new-primary', reason: 'The new primary must be another contact of the same account.', candidates: others };
    }
  }
  // ACC-3 / ACC-5: nothing is deleted without an explicit confirmation.
  if (!confirmed) return { kind: 'needs-confirmation', deletesAccount: isLast };
  if (isLast) return { kind: 'delete-last-contact' };
  if (contact.role === 'primary') return { kind: 'delete-primary', newPrimaryContactId: newPrimaryContactId! };
  return { kind: 'delete-secondary' };
}

export type PolicyFate = 'moved-to-new-primary' | 'deleted';

/**
 * ACC-3/ACC-4/ACC-5, the fate of one policy of a deleted contact: a deleted primary that hands
 * over to a new primary takes none of its active policies with it (they move); everything else
 * goes. The account service decides this and tells the policy service (contact-deleted v2).
 */
export function policyFateOnContactDeletion(contact: { role: ContactRole; isLastOfAccount: boolean }, policy: { status: string }): PolicyFate {
  const handsOver = contact.role === 'primary' && !contact.isLastOfAccount;
  return handsOver && policy.status === 'active' ? 'moved-to-new-primary' : 'deleted';
}
