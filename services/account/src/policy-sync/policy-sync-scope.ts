import { eq } from 'drizzle-orm';
import type { PolicySyncScope } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { usersOf } from '../agent-crm/business-queries';
import { agentCrmBusinesses } from '../db/schema';

/**
 * PS-4/PS-7: whether the business syncs, from which FMO, and the NPNs of its users (the only ones
 * it may receive); undefined for no such business.
 */
export async function getPolicySyncScope(database: Database, businessId: string): Promise<PolicySyncScope | undefined> {
  return database.db.transaction(async (tx) => {
    const [business] = await tx.select().from(agentCrmBusinesses).where(eq(agentCrmBusinesses.id, businessId));
    if (!business) return undefined;
    const npns = [...new Set((await usersOf(tx, businessId)).map((u) => u.npn))].sort();
    return { fmoTenantId: business.fmoTenantId, enabled: business.policySyncEnabled, npns };
  });
}
