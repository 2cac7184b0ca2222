import type { Database } from '@agencyflow/db';
import { isBusinessTenant, PolicySyncInputError } from '../domain/policy-sync';
import { deletePolicies, lockPoliciesOfTenant } from '../db/policy-store';

/** Who the policy-deleted events name: the provisioning's compensation, not a person. */
export const purgedBy = 'agent-crm-provisioning';

/**
 * Compensation of Agent CRM provisioning: deletes every policy of the business (its members go
 * with them, on delete cascade), with a policy-deleted event each (reason "user", the closest the
 * contract has), set-based, in batches of `batchSize` (one transaction each), so memory stays
 * bounded however many policies were synced. Idempotent: a second run finds nothing to delete.
 * Only an Agent CRM business (a uuid tenant) can be purged, never an FMO's book.
 */
export async function purgeBusinessPolicies(
  database: Database,
  { businessId }: { businessId: string },
  batchSize = 1000,
): Promise<{ deleted: number }> {
  if (!isBusinessTenant(businessId)) throw new PolicySyncInputError('businessId must be the business\'s uuid');
  let deleted = 0;
  for (;;) {
    const batch = await database.db.transaction(async (tx) => {
      const ids = await lockPoliciesOfTenant(tx, businessId, batchSize);
      return (await deletePolicies(tx, businessId, ids, { reason: 'user', deletedBy: purgedBy })).length;
    });
    deleted += batch;
    if (batch < batchSize) return { deleted };
  }
}
