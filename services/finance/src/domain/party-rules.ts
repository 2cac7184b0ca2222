import type { ProgramContactRole } from '@agencyflow/contracts';

/** A program as the party rules see it. */
export interface ProgramRef {
  id: string;
  reference: string;
  status: string;
  financed: boolean;
}

/** The customer's address fields; a change to any of them is an address change (FIN-2). */
export const addressFields = ['addressLine1', 'addressLine2', 'city', 'state', 'zip'] as const;
export type AddressField = (typeof addressFields)[number];
export type Address = Record<AddressField, string | null>;

/** The fields of an update that change the stored value (FIN-2, FIN-4: only those are applied and recorded). */
export function changedFields<T extends Record<string, unknown>>(current: T, input: Partial<T>): Array<keyof T & string> {
  return (Object.keys(input) as Array<keyof T & string>).filter((key) => input[key] !== undefined && input[key] !== current[key]).sort();
}

export const changesAddress = (changed: readonly string[]): boolean => changed.some((field) => (addressFields as readonly string[]).includes(field));

/**
 * FIN-2 an address change on a customer with a financed program needs a verification document
 * from a third party naming the insured and the new address. Answers the financed programs that
 * make it so (empty: no document needed).
 */
export function programsNeedingVerification(changed: readonly string[], programs: readonly ProgramRef[]): ProgramRef[] {
  return changesAddress(changed) ? programs.filter((p) => p.financed) : [];
}

/**
 * FIN-5 (and FIN-4) the fields that say who signed an agreement: changing them on the signer of an
 * active program would change who signed it, so they are locked; the others (phone, company) stay
 * editable (decision 0028).
 */
export const signerIdentityFields = ['firstName', 'lastName', 'email'] as const;

export const lockedSignerFields = (changed: readonly string[]): string[] => changed.filter((f) => (signerIdentityFields as readonly string[]).includes(f));

/** FIN-1 a program has exactly one signer among its contacts; undefined when it has. */
export function signerRefusal(roles: readonly ProgramContactRole[]): string | undefined {
  const signers = roles.filter((r) => r === 'signer').length;
  if (signers === 1) return undefined;
  return signers === 0 ? 'A program needs exactly one contact in the role signer; none was given.' : `A program has exactly one signer; ${signers} were given.`;
}
