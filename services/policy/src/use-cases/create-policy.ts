import type { CoverageType } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { policies, policyMembers } from '../db/schema';
import { canonicalPremium, memberKey, policyFingerprint, type MemberContent } from '../domain/policy-content';
import { contactsOutsideAccount, liveAccount, primaryContactOf } from './directory';
import { memberValues } from './policy-members';
import { policyChangedEvent } from './policy-events';

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
  | { ok: true; policyId: string }
  | { ok: false; error: 'unknown-account' }
  | { ok: false; error: 'contact-not-in-account'; contactIds: string[] }
  | { ok: false; error: 'policy-number-taken' }
  | { ok: false; error: 'duplicate-member' };

/**
 * PS-1: a policy created in the CRM, for a known account of the tenant whose policyholder and
 * member contacts belong to that account; members' protected fields are encrypted (X-4), and
 * policy-changed 'created' goes to the outbox in the same transaction (X-2).
 */
export async function createPolicy(
  { database, fieldCipher }: { database: Database; fieldCipher: FieldCipher },
  command: CreatePolicyCommand,
): Promise<CreatePolicyResult> {
  return database.db.transaction(async (tx) => {
    const { tenantId, accountId } = command;
    const keys = command.members.map((member) => memberKey(fieldCipher, member));
    // A second policyholder, or the same person (name and date of birth) twice.
    if (new Set(keys).size < keys.length) return { ok: false, error: 'duplicate-member' } as const;
    if (!(await liveAccount(tx, tenantId, accountId))) return { ok: false, error: 'unknown-account' } as const;

    const contactIds = [command.policyholderContactId, ...command.members.map((m) => m.contactId)].filter(
      (id): id is string => typeof id === 'string',
    );
    const outside = await contactsOutsideAccount(tx, tenantId, accountId, contactIds);
    if (outside.length > 0) return { ok: false, error: 'contact-not-in-account', contactIds: outside } as const;
    const policyholderContactId = command.policyholderContactId ?? (await primaryContactOf(tx, tenantId, accountId));

    const content = {
      coverageType: command.coverageType,
      status: command.status,
      effectiveDate: command.effectiveDate,
      renewalDate: command.renewalDate,
      premium: canonicalPremium(command.premium),
      writingAgentNpn: command.writingAgentNpn,
    };
    const [policy] = await tx
      .insert(policies)
      .values({
        tenantId,
        carrier: command.carrier,
        policyNumber: command.policyNumber,
        ...content,
        accountId,
        policyholderContactId,
        source: 'crm',
        fingerprint: policyFingerprint(content),
        createdBy: command.createdBy,
        updatedBy: command.createdBy,
      })
      .onConflictDoNothing()
      .returning();
    if (!policy) return { ok: false, error: 'policy-number-taken' } as const;

    if (command.members.length > 0) {
      await tx
        .insert(policyMembers)
        .values(command.members.map(({ contactId, ...member }) => memberValues(fieldCipher, { tenantId, policy, member, contactId })));
    }
    const memberContactIds = [...new Set(command.members.flatMap((m) => (m.contactId ? [m.contactId] : [])))].sort();
    await writeOutbox(tx, [
      policyChangedEvent(policy, { change: 'created', previousStatus: null, memberContactIds, changedBy: command.createdBy }),
    ]);
    return { ok: true, policyId: policy.id } as const;
  });
}
