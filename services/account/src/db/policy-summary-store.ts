import { eq, sql } from 'drizzle-orm';
import { sqlOf, type Executor } from '@agencyflow/db';
import { policySummaries } from './schema';

/**
 * The policy summary store: the only writer of `policy_summaries`, the account service's read
 * model of the policy service's policies. `revision` makes late or repeated events harmless;
 * a deleted policy stays as a tombstone so an older event cannot bring it back.
 */

export type PolicySummaryRow = typeof policySummaries.$inferSelect;
export type PolicySummaryValues = Omit<typeof policySummaries.$inferInsert, 'policyId'>;

/** A policy's stored summary as it is now, without a lock (to know which accounts to lock first). */
export async function readPolicySummary(tx: Executor, policyId: string): Promise<PolicySummaryRow | undefined> {
  const [row] = await tx.select().from(policySummaries).where(eq(policySummaries.policyId, policyId));
  return row;
}

/** A policy's stored summary, locked for the transaction, so two events of one policy apply one after the other. */
export async function lockPolicySummary(tx: Executor, policyId: string): Promise<PolicySummaryRow | undefined> {
  const [row] = await tx.select().from(policySummaries).where(eq(policySummaries.policyId, policyId)).for('update');
  return row;
}

/** Stores a policy's latest known state (or tombstone) under its id; the caller compared revisions. */
export async function storePolicySummary(tx: Executor, policyId: string, values: PolicySummaryValues): Promise<void> {
  const row = { ...values, updatedAt: sql`now()` };
  await tx.insert(policySummaries).values({ policyId, ...row }).onConflictDoUpdate({ target: policySummaries.policyId, set: row });
}

export interface SyncedPolicySummary {
  policy_id: string;
  inserted: boolean;
  account_id: string | null;
  policyholder_contact_id: string | null;
  carrier: string;
  policy_number: string;
  coverage_type: string;
  status: string;
}

/**
 * The policies of a policy-sync page (the temporary table `synced_page`, one row per member) as
 * this read model keeps them, newer revisions only. Returns the summaries written.
 */
export function upsertSyncedPolicySummaries(tx: Executor, businessId: string): Promise<SyncedPolicySummary[]> {
  return sqlOf(tx)<SyncedPolicySummary[]>`
    insert into policy_summaries as s (
      policy_id, tenant_id, revision, deleted, account_id, policyholder_contact_id, member_contact_ids, carrier, policy_number,
      coverage_type, status, effective_date, renewal_date, premium, updated_at)
    select r.policy_id, ${businessId}, r.revision, false, r.account_id, r.policyholder_contact_id,
      coalesce(array_agg(distinct r.contact_id order by r.contact_id) filter (where r.contact_id is not null), '{}'),
      r.carrier, r.policy_number, r.coverage_type, r.status, r.effective_date, r.renewal_date, r.premium, now()
    from synced_page r
    group by r.policy_id, r.revision, r.account_id, r.policyholder_contact_id, r.carrier, r.policy_number, r.coverage_type,
      r.status, r.effective_date, r.renewal_date, r.premium
    order by r.policy_id
    on conflict (policy_id) do update set
      revision = excluded.revision, deleted = false, account_id = excluded.account_id,
      policyholder_contact_id = excluded.policyholder_contact_id, member_contact_ids = excluded.member_contact_ids,
      carrier = excluded.carrier, policy_number = excluded.policy_number, coverage_type = excluded.coverage_type,
      status = excluded.status, effective_date = excluded.effective_date, renewal_date = excluded.renewal_date,
      premium = excluded.premium, updated_at = now()
    where s.revision < excluded.revision and s.tenant_id = excluded.tenant_id
    returning s.policy_id, (xmax = 0) as inserted, s.account_id, s.policyholder_contact_id, s.carrier, s.policy_number,
      s.coverage_type, s.status`;
}

/** The whole tenant's summaries: the compensation of an Agent CRM provisioning. */
export async function deleteTenantPolicySummaries(tx: Executor, tenantId: string): Promise<void> {
  await tx.delete(policySummaries).where(eq(policySummaries.tenantId, tenantId));
}
