import type { CoverageType, Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { canonicalPremium, memberKey, policyFingerprint, type MemberContent } from '../domain/policy-content';
import { contactsOutsideAccount, liveAccount, primaryContactOf } from '../db/directory-store';
import { insertPolicy } from '../db/policy-store';

export interface CreatePolicyCommand {
  tenantId: string;
  createdBy: string;
  accountId: string;
  /** Defaults to the account's primary contact. */
  policyholderContactId?: string | undefined;
  carrier: string;
  policyNumber: string;
  coverageType: CoverageType;
  status: 'pending' | 'active';
  effectiveDate: string;
  renewalDate: string | null;
  premium: string;
  writingAgentNpn: string;
  members: Array<MemberContent & { contactId: string | null }>;
}

export type CreatePolicyResult =
  | Outcome<'created', { policyId: string }>
  | Outcome<'unknown-account'>
  | Outcome<'contact-not-in-account', { contactIds: string[] }>
  | Outcome<'policy-number-taken'>
  | Outcome<'duplicate-member'>;

/**
 * PS-1: a policy created in the CRM, for a known account of the tenant whose policyholder and
 * member contacts belong to that account; members' protected fields are encrypted (X-4), and
 * policy-changed 'created' goes to the outbox in the same transaction (X-2).
 */
export async function createPolicy(
  { database, fieldCipher }: { database: Database; fieldCipher: FieldCipher },
  command: CreatePolicyCommand,
): Promise<CreatePolicyResult> {
  return database.db.transaction(async (tx): Promise<CreatePolicyResult> => {
    const { tenantId, accountId } = command;
    const keys = command.members.map((member) => memberKey(fieldCipher, member));
    // A second policyholder, or the same person (name and date of birth) twice.
    if (new Set(keys).size < keys.length) return { outcome: 'duplicate-member' };
    if (!(await liveAccount(tx, tenantId, accountId))) return { outcome: 'unknown-account' };

    const contactIds = [command.policyholderContactId, ...command.members.map((m) => m.contactId)].filter(
      (id): id is string => typeof id === 'string',
    );
    const outside = await contactsOutsideAccount(tx, tenantId, accountId, contactIds);
    if (outside.length > 0) return { outcome: 'contact-not-in-account', contactIds: outside };
    const policyholderContactId = command.policyholderContactId ?? (await primaryContactOf(tx, tenantId, accountId));

    const content = {
      coverageType: command.coverageType,
      status: command.status,
      effectiveDate: command.effectiveDate,
      renewalDate: command.renewalDate,
      premium: canonicalPremium(command.premium),
      writingAgentNpn: command.writingAgentNpn,
    };
    const policy = await insertPolicy(
      tx,
      fieldCipher,
      {
        tenantId,
        carrier: command.carrier,
        policyNumber: command.policyNumber,
        ...content,
        accountId,
        policyholderContactId,
        source: 'crm',
        fingerprint: policyFingerprint(content),
        createdBy: command.createdBy,
      },
      command.members,
    );
    if (!policy) return { outcome: 'policy-number-taken' };
    return { outcome: 'created', policyId: policy.id };
  });
}
