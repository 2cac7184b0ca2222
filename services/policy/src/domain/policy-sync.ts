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
