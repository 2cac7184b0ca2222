import type { CoverageType, Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { canonicalPremium, policyFingerprint, type PolicyContent } from '../domain/policy-content';
import { contactsOutsideAccount } from '../db/directory-store';
import { lockPolicy, savePolicyRevision } from '../db/policy-store';

export interface PolicyChanges {
  coverageType?: CoverageType | undefined;
  effectiveDate?: string | undefined;
  renewalDate?: string | null | undefined;
  premium?: string | undefined;
  writingAgentNpn?: string | undefined;
  policyholderContactId?: string | null | undefined;
}

export interface UpdatePolicyCommand {
  tenantId: string;
  policyId: string;
  changedBy: string;
  /** Optimistic concurrency (If-Match): refuse if the policy is no longer at this revision. */
  expectedRevision?: number | undefined;
  changes: PolicyChanges;
}

export type UpdatePolicyResult =
  | Outcome<'updated' | 'unchanged'>
  | Outcome<'not-found'>
  | Outcome<'conflict', { currentRevision: number }>
  | Outcome<'renewal-before-effective'>
  | Outcome<'no-account'>
  | Outcome<'contact-not-in-account', { contactIds: string[] }>;

/**
 * Edits a policy's fields (not its status: see the lifecycle). Nothing new, nothing written;
 * otherwise revision + 1 and policy-changed 'updated' in the same transaction.
 */
export async function updatePolicy(database: Database, command: UpdatePolicyCommand): Promise<UpdatePolicyResult> {
  return database.db.transaction(async (tx): Promise<UpdatePolicyResult> => {
    const current = await lockPolicy(tx, command.tenantId, command.policyId);
    if (!current) return { outcome: 'not-found' };
    if (command.expectedRevision !== undefined && command.expectedRevision !== current.revision) {
      return { outcome: 'conflict', currentRevision: current.revision };
    }
    const { changes } = command;
    const content: PolicyContent = {
      coverageType: changes.coverageType ?? current.coverageType,
      status: current.status,
      effectiveDate: changes.effectiveDate ?? current.effectiveDate,
      renewalDate: changes.renewalDate !== undefined ? changes.renewalDate : current.renewalDate,
      premium: canonicalPremium(changes.premium ?? current.premium),
      writingAgentNpn: changes.writingAgentNpn ?? current.writingAgentNpn,
    };
    if (content.renewalDate && content.renewalDate < content.effectiveDate) {
      return { outcome: 'renewal-before-effective' };
    }
    const policyholderContactId =
      changes.policyholderContactId !== undefined ? changes.policyholderContactId : current.policyholderContactId;
    if (policyholderContactId !== current.policyholderContactId && policyholderContactId !== null) {
      if (!current.accountId) return { outcome: 'no-account' };
      const outside = await contactsOutsideAccount(tx, command.tenantId, current.accountId, [policyholderContactId]);
      if (outside.length > 0) return { outcome: 'contact-not-in-account', contactIds: outside };
    }

    const fingerprint = policyFingerprint(content);
    if (fingerprint === current.fingerprint && policyholderContactId === current.policyholderContactId) {
      return { outcome: 'unchanged' };
    }
    await savePolicyRevision(tx, current, { ...content, policyholderContactId, fingerprint }, { change: 'updated', changedBy: command.changedBy });
    return { outcome: 'updated' };
  });
}
