import type { z } from 'zod';
import { revealOrMask, type FieldCipher } from '@agencyflow/protected-data';
import type { MemberRow } from '../db/policy-store';
import type { PolicyWithMembers } from './policy-queries';
import type { memberView, policyView } from './policy-schemas';

/**
 * A policy as the API shows it. Protected member fields are decrypted and shown only to callers
 * with `protected-data:view`; everyone else sees their mask.
 */
export function toPolicyView({ policy, members }: PolicyWithMembers, cipher: FieldCipher, mayViewProtected: boolean): z.infer<typeof policyView> {
  return {
    id: policy.id,
    carrier: policy.carrier,
    policyNumber: policy.policyNumber,
    coverageType: policy.coverageType,
    status: policy.status,
    effectiveDate: policy.effectiveDate,
    renewalDate: policy.renewalDate,
    premium: policy.premium,
    writingAgentNpn: policy.writingAgentNpn,
    accountId: policy.accountId,
    policyholderContactId: policy.policyholderContactId,
    revision: policy.revision,
    source: policy.source,
    members: members.map((member) => toMemberView(member, cipher, mayViewProtected)),
    createdAt: policy.createdAt.toISOString(),
    updatedAt: policy.updatedAt.toISOString(),
  };
}

function toMemberView(member: MemberRow, cipher: FieldCipher, mayView: boolean): z.infer<typeof memberView> {
  const hasAddress = [member.addressLine1, member.city, member.state, member.zip].some((v) => v !== null);
  const unreadableFields: Array<'dateOfBirth' | 'mbi'> = [];
  const reveal = (field: 'dateOfBirth' | 'mbi', stored: string | null) => {
    const value = cipher.decryptIfReadable(stored);
    if (value === undefined) unreadableFields.push(field);
    return revealOrMask(field, value ?? null, mayView);
  };
  return {
    id: member.id,
    relationship: member.relationship,
    firstName: member.firstName,
    lastName: member.lastName,
    dateOfBirth: reveal('dateOfBirth', member.dateOfBirthEnc),
    gender: member.gender,
    email: member.email,
    phone: member.phone,
    address: hasAddress ? { line1: member.addressLine1, city: member.city, state: member.state, zip: member.zip } : null,
    mbi: reveal('mbi', member.mbiEnc),
    contactId: member.contactId,
    unreadableFields,
  };
}
