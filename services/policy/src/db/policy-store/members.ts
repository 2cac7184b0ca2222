import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { FieldCipher } from '@agencyflow/protected-data';
import { policyMembers } from '../schema';
import type { Tx } from '../tx';
import { memberFingerprint, memberKey, type MemberContent } from '../../domain/policy-content';
import { personKey } from '../../domain/policy-sync';

export type MemberRow = typeof policyMembers.$inferSelect;

/** A member as stored: protected fields encrypted, key and fingerprint computed. */
export function memberValues(
  cipher: FieldCipher,
  {
    tenantId,
    policy,
    member,
    contactId,
  }: { tenantId: string; policy: { id: string; carrier: string; policyNumber: string }; member: MemberContent; contactId: string | null },
): typeof policyMembers.$inferInsert {
  return {
    policyId: policy.id,
    tenantId,
    memberKey: memberKey(cipher, member),
    relationship: member.relationship,
    firstName: member.firstName,
    lastName: member.lastName,
    dateOfBirthEnc: cipher.encryptOptional(member.dateOfBirth),
    gender: member.gender,
    email: member.email,
    phone: member.phone,
    addressLine1: member.addressLine1,
    city: member.city,
    state: member.state,
    zip: member.zip,
    mbiEnc: cipher.encryptOptional(member.mbi),
    contactId,
    fingerprint: memberFingerprint(cipher, member),
    personKey: personKey(cipher, member, policy),
  };
}

const relationshipOrder = sql`case ${policyMembers.relationship} when 'policyholder' then 0 when 'spouse' then 1 else 2 end`;

/** Members of some policies, policyholder first, grouped by policy. */
export async function membersOf(tx: Tx, tenantId: string, policyIds: string[]): Promise<Map<string, MemberRow[]>> {
  const byPolicy = new Map<string, MemberRow[]>(policyIds.map((id) => [id, []]));
  if (policyIds.length === 0) return byPolicy;
  const rows = await tx
    .select()
    .from(policyMembers)
    .where(and(eq(policyMembers.tenantId, tenantId), inArray(policyMembers.policyId, policyIds)))
    .orderBy(asc(policyMembers.policyId), relationshipOrder, asc(policyMembers.lastName), asc(policyMembers.firstName));
  for (const row of rows) byPolicy.get(row.policyId)?.push(row);
  return byPolicy;
}

/** The CRM contacts linked to members of each policy (for policy-changed's memberContactIds). */
export async function memberContactIdsOf(tx: Tx, policyIds: string[]): Promise<Map<string, string[]>> {
  const byPolicy = new Map<string, string[]>(policyIds.map((id) => [id, []]));
  if (policyIds.length === 0) return byPolicy;
  const rows = await tx
    .select({ policyId: policyMembers.policyId, contactId: policyMembers.contactId })
    .from(policyMembers)
    .where(and(inArray(policyMembers.policyId, policyIds), isNotNull(policyMembers.contactId)))
    .orderBy(asc(policyMembers.policyId), asc(policyMembers.contactId));
  for (const row of rows) {
    const ids = byPolicy.get(row.policyId)!;
    if (row.contactId && !ids.includes(row.contactId)) ids.push(row.contactId);
  }
  return byPolicy;
}
