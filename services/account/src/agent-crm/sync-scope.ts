import { eq } from 'drizzle-orm';
import { ApplicationFailure } from '@temporalio/common';
import { failureTypes, type PolicySyncScope } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { agentCrmBusinesses } from '../db/schema';
import { usersOf } from './business-queries';

/** PS-4/PS-7: whether the business syncs, from which FMO, and the NPNs of its users (the only ones it may receive). */
export async function getPolicySyncScope(database: Database, businessId: string): Promise<PolicySyncScope> {
  const [business] = await database.db.select().from(agentCrmBusinesses).where(eq(agentCrmBusinesses.id, businessId));
  if (!business) {
    throw ApplicationFailure.create({ type: failureTypes.businessNotFound, message: `No Agent CRM business ${businessId}`, nonRetryable: true });
  }
  const npns = [...new Set((await usersOf(database.db, businessId)).map((u) => u.npn))].sort();
  return { fmoTenantId: business.fmoTenantId, enabled: business.policySyncEnabled, npns };
}
