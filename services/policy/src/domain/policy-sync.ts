import type { MemberRelationship, SyncedMember } from '@agencyflow/contracts';
import type { FieldCipher } from '@agencyflow/protected-data';
import { normaliseName } from './policy-content';

type Fingerprinter = Pick<FieldCipher, 'fingerprint'>;

/** A request the sync must refuse whatever the retries: a wiring error, not a transient one. */
export class PolicySyncInputError extends Error {}

export const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** An Agent CRM business's tenant id is its business id, a uuid; an FMO's tenant is not one of those. */
export const isBusinessTenant = isUuid;

/**
 * PS-5: who a synced member is, as a keyed fingerprint (never the name or date of birth in clear),
 * so the same person in the same business is always the same contact, whichever policy brings
 * them. Without a date of birth a name alone says too little: two "John Smith"s must not merge,
 * so the person is then only the same within one policy (carrier and policy number join the key).
 */
export function personKey(
  cipher: Fingerprinter,
  member: { firstName: string; lastName: string; dateOfBirth: string | null },
  policy: { carrier: string; policyNumber: string },
): string {
  const identity = `person:${normaliseName(member.firstName)}|${normaliseName(member.lastName)}|${member.dateOfBirth ?? ''}`;
  return cipher.fingerprint(member.dateOfBirth ? identity : `${identity}|${policy.carrier}|${policy.policyNumber}`);
}

/**
 * The member that holds a policy's account: the policyholder, or, for a policy the carrier sent
 * without one, its first member by member key (code-point order, so it never depends on a
 * database collation). Null for a policy without members.
 */
export function holderOf<T extends { memberKey: string }>(members: readonly T[]): T | null {
  const holder = members.find((m) => m.memberKey === 'policyholder');
  if (holder) return holder;
  return members.reduce<T | null>((first, m) => (first === null || m.memberKey < first.memberKey ? m : first), null);
}

/** A contact's role and relation in its account, from the member's place on the policy (PS-5). */
export function contactRoleOf(
  member: { relationship: MemberRelationship },
  isHolder: boolean,
): Pick<SyncedMember, 'role' | 'relation'> {
  if (isHolder) return { role: 'primary', relation: null };
  return { role: 'secondary', relation: member.relationship === 'spouse' ? 'spouse' : 'dependent' };
}

/**
 * The members of a page, once per contact, in the order first seen. A person who is a
 * policyholder anywhere in the page is that account's primary contact (the first such policy
 * wins); otherwise the first policy that names them decides their account.
 */
export function distinctContacts(members: Iterable<SyncedMember>): SyncedMember[] {
  const byContact = new Map<string, SyncedMember>();
  for (const member of members) {
    const seen = byContact.get(member.contactId);
    if (!seen || (seen.role === 'secondary' && member.role === 'primary')) byContact.set(member.contactId, member);
  }
  return [...byContact.values()];
}
