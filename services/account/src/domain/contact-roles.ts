import type { ContactRelation, ContactRole, MemberRelationship } from '@agencyflow/contracts';

/** ACC-1: the first contact of an account is its primary; every later one is secondary. */
export const roleForNewContact = (existingContacts: number): ContactRole => (existingContacts === 0 ? 'primary' : 'secondary');

/**
 * ACC-2: only a secondary contact has a relation to the account. Returns why a relation is not
 * allowed, or undefined when it is.
 */
export function relationRefusal(role: ContactRole, relation: ContactRelation | null | undefined): string | undefined {
  if (role === 'primary' && relation) return 'The primary contact has no relation to its own account.';
  return undefined;
}

/**
 * PS-5 with ACC-1/ACC-2: the place a synced policy member takes in its account. The member who
 * holds the policy becomes the account's primary, unless the account already has another
 * primary (a user chose one), in which case they join as a secondary ('other'); every other
 * member is a secondary: a spouse as 'spouse', anyone else as 'dependent'.
 */
export function syncedContactPlacement(
  member: { holdsPolicy: boolean; relationship: MemberRelationship },
  accountHasOtherPrimary: boolean,
): { role: ContactRole; relation: ContactRelation | null } {
  if (member.holdsPolicy) return accountHasOtherPrimary ? { role: 'secondary', relation: 'other' } : { role: 'primary', relation: null };
  return { role: 'secondary', relation: member.relationship === 'spouse' ? 'spouse' : 'dependent' };
}
