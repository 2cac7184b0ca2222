import { and, eq, inArray, sql } from 'drizzle-orm';
import { writeOutbox } from '@agencyflow/db';
import { policies, policyMembers } from '../schema';
import type { Tx } from '../tx';
import { memberContactIdsOf } from './members';
import { policyChangedEvent, type PolicyRecord } from './events';
import { deletePolicies } from './revisions';

export interface ContactDeleted {
  tenantId: string;
  accountId: string;
  contactId: string;
  /** ACC-4: set when the deleted contact was the primary. */
  newPrimaryContactId: string | null;
  /** ACC-4: the policies the account service decided move to the new primary. */
  movedPolicyIds: readonly string[];
  deletedBy: string;
}

/**
 * The policy side of deleting a contact, in the consumer's transaction:
 * - ACC-4 (a new primary is named): the policies the account service decided to move (its
 *   active ones, policyFateOnContactDeletion) move to the new primary (revision + 1,
 *   'reassigned'); the contact's other policies are deleted. The decision is not made again here.
 * - ACC-3 (no new primary): every policy whose policyholder is the contact is deleted.
 * - Members linked to the contact lose the link (revision + 1, 'updated' for their policies).
 * Running it again finds nothing left to do, so a late or repeated event changes nothing.
 */
export async function applyContactDeleted(tx: Tx, event: ContactDeleted): Promise<void> {
  const { tenantId, contactId, newPrimaryContactId, deletedBy } = event;
  const moved = new Set(event.movedPolicyIds);
  const owned = await tx
    .select()
    .from(policies)
    .where(and(eq(policies.tenantId, tenantId), eq(policies.policyholderContactId, contactId)))
    .orderBy(policies.id)
    .for('update');
  const kept = newPrimaryContactId ? owned.filter((p) => moved.has(p.id)) : [];
  const doomed = owned.filter((p) => !kept.includes(p));

  await deletePolicies(tx, tenantId, doomed.map((p) => p.id), { reason: 'contact-deleted', deletedBy });
  const unlinked = await tx
    .update(policyMembers)
    .set({ contactId: null, updatedAt: new Date() })
    .where(and(eq(policyMembers.tenantId, tenantId), eq(policyMembers.contactId, contactId)))
    .returning({ policyId: policyMembers.policyId });

  const reassigned = kept.length
    ? await tx
        .update(policies)
        .set({ policyholderContactId: newPrimaryContactId, revision: sql`${policies.revision} + 1`, updatedBy: deletedBy, updatedAt: new Date() })
        .where(inArray(policies.id, kept.map((p) => p.id)))
        .returning()
    : [];
  const touchedOnlyByUnlink = [...new Set(unlinked.map((m) => m.policyId))].filter((id) => !kept.some((p) => p.id === id));
  const relinked = touchedOnlyByUnlink.length
    ? await tx
        .update(policies)
        .set({ revision: sql`${policies.revision} + 1`, updatedBy: deletedBy, updatedAt: new Date() })
        .where(inArray(policies.id, touchedOnlyByUnlink))
        .returning()
    : [];

  const memberContacts = await memberContactIdsOf(tx, [...reassigned, ...relinked].map((p) => p.id));
  const changed = (policy: PolicyRecord, change: 'reassigned' | 'updated') =>
    policyChangedEvent(policy, { change, previousStatus: policy.status, memberContactIds: memberContacts.get(policy.id) ?? [], changedBy: deletedBy });
  await writeOutbox(tx, [
    ...reassigned.map((p) => changed(p, 'reassigned')),
    ...relinked.map((p) => changed(p, 'updated')),
  ]);
}

/** ACC-5: the account is gone, and every policy of it with it (policy-deleted 'account-deleted'). */
export async function applyAccountDeleted(tx: Tx, event: { tenantId: string; accountId: string; deletedBy: string }): Promise<void> {
  const owned = await tx
    .select({ id: policies.id })
    .from(policies)
    .where(and(eq(policies.tenantId, event.tenantId), eq(policies.accountId, event.accountId)))
    .for('update');
  await deletePolicies(tx, event.tenantId, owned.map((p) => p.id), { reason: 'account-deleted', deletedBy: event.deletedBy });
}
