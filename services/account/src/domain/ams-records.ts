import { createHash } from 'node:crypto';
import type { AccountStatus } from '@agencyflow/contracts';

/** The fields AMS sync carries for a person, both ways (AMS-2, AMS-7); nothing protected. */
export interface AmsPersonFields {
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

/** A contact's phone as the AMSs take it: digits only, the cell phone first. */
export const amsPhone = (contact: { cellPhone: string | null; homePhone: string | null }): string | null => {
  const digits = (contact.cellPhone ?? contact.homePhone ?? '').replace(/\D/g, '');
  return digits || null;
};

/** The AMSs know active or not: an inactive CRM account is inactive there, a prospect or active one is active. */
export const amsActive = (status: AccountStatus): boolean => status !== 'inactive';

/**
 * ACC-8/AMS-7: the status an account takes when its AMS customer's active flag changed there. The
 * AMS masters it: active makes it active, inactive makes it inactive.
 */
export const statusFromAms = (active: boolean): AccountStatus => (active ? 'active' : 'inactive');

/**
 * The hash of a person's fields as last written to or read from the AMS: an inbound change whose
 * hash equals it is our own outbound write coming back (AMS-7), not a change. The status is not in
 * it: that is the account's, hashed on its own (amsStatusHash).
 */
export function amsRecordHash(fields: Omit<AmsPersonFields, 'active'>): string {
  const normal = [fields.firstName.trim(), fields.lastName.trim(), (fields.email ?? '').trim().toLowerCase(), fields.phone ?? ''];
  return createHash('sha256').update(normal.join('\u001f')).digest('base64url');
}

/** The hash of an account's status as its AMS customer shows it. */
export const amsStatusHash = (active: boolean): string => (active ? 'active' : 'inactive');
