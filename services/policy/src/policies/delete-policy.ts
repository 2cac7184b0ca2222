import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { deletePolicies } from '../db/policy-store';

/** A user deletes a policy (and its members); policy-deleted 'user' in the same transaction. */
export async function deletePolicy(
  database: Database,
  command: { tenantId: string; policyId: string; deletedBy: string },
): Promise<Outcome<'deleted' | 'not-found'>> {
  return database.db.transaction(async (tx) => {
    const deleted = await deletePolicies(tx, command.tenantId, [command.policyId], { reason: 'user', deletedBy: command.deletedBy });
    return { outcome: deleted.length > 0 ? 'deleted' : 'not-found' };
  });
}
