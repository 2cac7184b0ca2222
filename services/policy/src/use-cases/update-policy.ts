import { and, eq } from 'drizzle-orm';
import type { CoverageType } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { policies } from '../db/schema';
import { canonicalPremium, policyFingerprint, type PolicyContent } from '../domain/policy-content';
import { contactsOutsideAccount } from './directory';
import { savePolicyRevision } from './save-policy-revision';

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
  | { ok: true; changed: boolean }
  | { ok: false; error: 'not-found' }
  | { ok: false; error: 'revision-mismatch'; currentRevision: number }
  | { ok: false; error: 'renewal-before-effective' }
  | { ok: false; error: 'no-account' }
  | { ok: false; error: 'contact-not-in-account'; contactIds: string[] };

/**
 * Edits a policy's fields (not its status: see the lifecycle). Nothing new, nothing written;
 * otherwise revision + 1 and policy-changed 'updated' in the same transaction.
 */
export async function updatePolicy(database: Database, command: UpdatePolicyCommand): Promise<UpdatePolicyResult> {
  return database.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(policies)
      .where(and(eq(policies.tenantId, command.tenantId), eq(policies.id, command.policyId)))
      .for('update');
    if (!current) return { ok: false, error: 'not-found' } as const;
    if (command.expectedRevision !== undefined && command.expectedRevision !== current.revision) {
      return { ok: false, error: 'revision-mismatch', currentRevision: current.revision } as const;
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
      return { ok: false, error: 'renewal-before-effective' } as const;
    }
    const policyholderContactId =
      changes.policyholderContactId !== undefined ? changes.policyholderContactId : current.policyholderContactId;
    if (policyholderContactId !== current.policyholderContactId && policyholderContactId !== null) {
      if (!current.accountId) return { ok: false, error: 'no-account' } as const;
      const outside = await contactsOutsideAccount(tx, command.tenantId, current.accountId, [policyholderContactId]);
      if (outside.length > 0) return { ok: false, error: 'contact-not-in-account', contactIds: outside } as const;
    }

    const fingerprint = policyFingerprint(content);
    if (fingerprint === current.fingerprint && policyholderContactId === current.policyholderContactId) {
      return { ok: true, changed: false } as const;
    }
    await savePolicyRevision(tx, current, { ...content, policyholderContactId, fingerprint }, { change: 'updated', changedBy: command.changedBy });
    return { ok: true, changed: true } as const;
  });
}
