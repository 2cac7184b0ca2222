import type { ContactRelation, ContactRole } from '@agencyflow/contracts';

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
