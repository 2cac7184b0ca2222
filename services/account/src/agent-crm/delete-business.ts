import { eq } from 'drizzle-orm';
import { writeOutbox, type Database } from '@agencyflow/db';
import { accounts, agentCrmBusinesses, history, policySummaries } from '../db/schema';
import { businessChanged } from './business-events';
import { usersOf } from './business-queries';

/**
 * Compensation of a provisioning that failed before the business was usable: removes the
 * business, its users and runs, and everything synced into its tenant (accounts cascade to
 * contacts, deal cards and files). Idempotent.
 */
export async function deleteBusiness(database: Database, businessId: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const [business] = await tx.select().from(agentCrmBusinesses).where(eq(agentCrmBusinesses.id, businessId)).for('update');
    const npns = business ? (await usersOf(tx, businessId)).map((u) => u.npn) : [];
    await tx.delete(history).where(eq(history.tenantId, businessId));
    await tx.delete(policySummaries).where(eq(policySummaries.tenantId, businessId));
    await tx.delete(accounts).where(eq(accounts.tenantId, businessId));
    if (!business) return;
    await tx.delete(agentCrmBusinesses).where(eq(agentCrmBusinesses.id, businessId));
    await writeOutbox(tx, [businessChanged(business, npns, 'deleted', 'compensation', 'deleted')]);
  });
}
