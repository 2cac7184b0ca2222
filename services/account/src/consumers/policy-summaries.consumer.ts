import { eq, sql } from 'drizzle-orm';
import { policyChangedV1, policyDeletedV1 } from '@agencyflow/contracts';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec } from '@agencyflow/service-kit';
import { policySummaries } from '../db/schema';
import type { Executor } from '../db/executor';
import { refreshAccountStatus } from './refresh-account-status';

type SummaryValues = Omit<typeof policySummaries.$inferInsert, 'policyId'>;

/** Stores a policy's latest known state (or tombstone) under its id. */
async function storeSummary(tx: Executor, policyId: string, values: SummaryValues) {
  const row = { ...values, updatedAt: sql`now()` };
  await tx.insert(policySummaries).values({ policyId, ...row }).onConflictDoUpdate({ target: policySummaries.policyId, set: row });
}

async function previousSummary(tx: Executor, policyId: string) {
  const [row] = await tx.select().from(policySummaries).where(eq(policySummaries.policyId, policyId)).for('update');
  return row;
}

/**
 * Mirrors the policy service's policies and re-derives account statuses from them
 * (ACC-6, ACC-7). Events older than what is stored (by revision) change nothing, so late and
 * repeated deliveries are harmless.
 */
export const policySummariesConsumer = (): ConsumerSpec => ({
  name: 'account.policy-summaries',
  topics: ['policy.events'],
  handlers: {
    ...on(policyChangedV1, async (tx, event) => {
      const policy = event.data;
      const previous = await previousSummary(tx, policy.policyId);
      if (previous && previous.revision >= policy.revision) return;
      await storeSummary(tx, policy.policyId, {
        tenantId: event.tenantId,
        revision: policy.revision,
        deleted: false,
        accountId: policy.accountId,
        policyholderContactId: policy.policyholderContactId,
        memberContactIds: policy.memberContactIds,
        carrier: policy.carrier,
        policyNumber: policy.policyNumber,
        coverageType: policy.coverageType,
        status: policy.status,
        effectiveDate: policy.effectiveDate,
        renewalDate: policy.renewalDate,
        premium: policy.premium,
      });
      const affected = new Set([previous?.accountId, policy.accountId].filter((id): id is string => Boolean(id)));
      for (const accountId of affected) await refreshAccountStatus(tx, event.tenantId, accountId, policy.changedBy);
    }),
    ...on(policyDeletedV1, async (tx, event) => {
      const policy = event.data;
      const previous = await previousSummary(tx, policy.policyId);
      if (previous && previous.revision >= policy.revision) return;
      // A tombstone: an older policy-changed arriving later cannot bring the policy back.
      await storeSummary(tx, policy.policyId, {
        tenantId: event.tenantId,
        revision: policy.revision,
        deleted: true,
        accountId: policy.accountId,
        policyholderContactId: policy.policyholderContactId,
        carrier: policy.carrier,
        policyNumber: policy.policyNumber,
        coverageType: previous?.coverageType ?? 'other',
        status: previous?.status ?? 'archived',
        effectiveDate: previous?.effectiveDate ?? '',
        premium: previous?.premium ?? '0',
      });
      if (policy.accountId) await refreshAccountStatus(tx, event.tenantId, policy.accountId, policy.deletedBy);
    }),
  },
});
