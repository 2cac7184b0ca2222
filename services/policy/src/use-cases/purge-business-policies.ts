import { sqlOf, writeOutbox, type Database, type SqlExecutor } from '@agencyflow/db';
import { isBusinessTenant, PolicySyncInputError } from '../domain/policy-sync';
import { policyDeletedEvent } from './policy-events';

/** Who the policy-deleted events name: the provisioning's compensation, not a person. */
export const purgedBy = 'agent-crm-provisioning';

type DeletedPolicy = {
  id: string;
  revision: number;
  carrier: string;
  policy_number: string;
  account_id: string | null;
  policyholder_contact_id: string | null;
};

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
    const batch = await database.db.transaction(async (db) => {
      const tx = sqlOf(db);
      const rows = await tx<DeletedPolicy[]>`
        delete from policies where id in (
          select id from policies where tenant_id = ${businessId} order by id limit ${batchSize} for update)
        returning id, revision, carrier, policy_number, account_id, policyholder_contact_id`;
      await writeOutbox(
        db,
        rows
          .sort((a, b) => (a.id < b.id ? -1 : 1))
          .map((p) =>
            policyDeletedEvent(
              {
                id: p.id,
                tenantId: businessId,
                revision: p.revision,
                carrier: p.carrier,
                policyNumber: p.policy_number,
                accountId: p.account_id,
                policyholderContactId: p.policyholder_contact_id,
              },
              { reason: 'user', deletedBy: purgedBy },
            ),
          ),
      );
      return rows.length;
    });
    deleted += batch;
    if (batch < batchSize) return { deleted };
  }
}
