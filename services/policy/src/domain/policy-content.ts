import { createHash } from 'node:crypto';
import type { CoverageType, MemberRelationship, PolicyStatus } from '@agencyflow/contracts';
import type { FieldCipher } from '@agencyflow/protected-data';

/** A member's gender as carriers send it and the book stores it. */
export const genders = ['female', 'male', 'other', 'unknown'] as const;
export type Gender = (typeof genders)[number];

/** The fields a carrier controls; their fingerprint tells whether a policy changed (PS-2). */
export interface PolicyContent {
  coverageType: CoverageType;
  status: PolicyStatus;
  effectiveDate: string;
  renewalDate: string | null;
  premium: string;
  writingAgentNpn: string;
}

/** Money as PostgreSQL's numeric(12,2) prints it: "0129.5" -> "129.50". */
export function canonicalPremium(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  const digits = whole.replace(/^0+(?=\d)/, '');
  return `${digits}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}

export function policyFingerprint(content: PolicyContent): string {
  const canonical = JSON.stringify([
    content.coverageType,
    content.status,
    content.effectiveDate,
    content.renewalDate,
    canonicalPremium(content.premium),
    content.writingAgentNpn,
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

/** A member's content in clear, as validated; only ever held in memory. */
export interface MemberContent {
  relationship: MemberRelationship;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  gender: Gender | null;
  email: string | null;
  phone: string | null;
  addressLine1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  mbi: string | null;
}

type Fingerprinter = Pick<FieldCipher, 'fingerprint'>;

/** Lower case, no accents, single spaces: "  José  DE la Cruz" -> "jose de la cruz". */
export const normaliseName = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * A member's stable identity within its policy: the policyholder is 'policyholder'; anyone else
 * is a keyed fingerprint (HMAC, never a plain hash: name and date of birth are guessable) of
 * normalised name and date of birth, so a re-import finds the same member.
 */
export function memberKey(cipher: Fingerprinter, member: Pick<MemberContent, 'relationship' | 'firstName' | 'lastName' | 'dateOfBirth'>): string {
  if (member.relationship === 'policyholder') return 'policyholder';
  const identity = `${normaliseName(member.firstName)}|${normaliseName(member.lastName)}|${member.dateOfBirth ?? ''}`;
  return `m.${cipher.fingerprint(`member-key:${identity}`).slice(0, 32)}`;
}

/** Keyed fingerprint of everything about a member, protected fields included, for change detection. */
export function memberFingerprint(cipher: Fingerprinter, member: MemberContent): string {
  return cipher.fingerprint(
    `member:${JSON.stringify([
      member.relationship,
      member.firstName,
      member.lastName,
      member.dateOfBirth,
      member.gender,
      member.email,
      member.phone,
      member.addressLine1,
      member.city,
      member.state,
      member.zip,
      member.mbi,
    ])}`,
  );
}
