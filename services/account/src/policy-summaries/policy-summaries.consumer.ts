import { policyChangedV1, policyDeletedV1 } from '@agencyflow/contracts';
import { on, type ConsumerTransaction } from '@agencyflow/kafka';
import type { ConsumerSpec } from '@agencyflow/service-kit';
import { lockAccountKeys, setAccountStatuses } from '../db/account-store';
import { lockPolicySummary, readPolicySummary, storePolicySummary, type PolicySummaryRow, type PolicySummaryValues } from '../db/policy-summary-store';

type Previous = PolicySummaryRow | undefined;

/**
 * Applies a policy's newer state: events older than what is stored (by revision) change nothing,
 * so late and repeated deliveries are harmless. Then the accounts the change touches take the
 * status their policies give them (ACC-6/ACC-7), cascaded to their contacts (ACC-8).
 */
async function applyNewer(
  tx: ConsumerTransaction,
  tenantId: string,
  policy: { policyId: string; revision: number; actor: string },
  change: { summary: (previous: Previous) => PolicySummaryValues; accounts: (previous: Previous) => Array<string | null | undefined> },
): Promise<void> {
  // The accounts' keys first (ACC-6 with a sync page that may be opening one of them), then the summary.
  await lockAccountKeys(tx, change.accounts(await readPolicySummary(tx, policy.policyId)));
  const previous = await lockPolicySummary(tx, policy.policyId);
  if (previous && previous.revision >= policy.revision) return;
  await storePolicySummary(tx, policy.policyId, change.summary(previous));
  const accountIds = [...new Set(change.accounts(previous).filter((id): id is string => Boolean(id)))];
  await setAccountStatuses(tx, { tenantId, accountIds, to: 'from-policies', announce: { cause: 'policies', actor: policy.actor } });
}

/** Mirrors the policy service's policies and re-derives account statuses from them (ACC-6, ACC-7). */
export const policySummariesConsumer = (): ConsumerSpec => ({
  name: 'account.policy-summaries',
  topics: ['policy.events'],
  handlers: {
    ...on(policyChangedV1, async (tx, event) => {
      const policy = event.data;
      await applyNewer(tx, event.tenantId, { ...policy, actor: policy.changedBy }, {
        summary: () => ({
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
        }),
        // The account it is in, and the one it left if it moved.
        accounts: (previous) => [previous?.accountId, policy.accountId],
      });
    }),
    ...on(policyDeletedV1, async (tx, event) => {
      const policy = event.data;
      await applyNewer(tx, event.tenantId, { ...policy, actor: policy.deletedBy }, {
        // A tombstone: an older policy-changed arriving later cannot bring the policy back.
        summary: (previous) => ({
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
        }),
        accounts: () => [policy.accountId],
      });
    }),
  },
});
