import { and, eq, sql } from 'drizzle-orm';
import { writeOutbox, type Database } from '@agencyflow/db';
import { agentCrmBusinesses } from '../db/schema';
import { businessChanged } from './business-events';
import { usersOf } from './business-queries';

/** The business is usable: its users may sign in. Idempotent. */
export async function activateBusiness(database: Database, businessId: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    const [business] = await tx
      .update(agentCrmBusinesses)
      .set({ state: 'active', updatedAt: sql`now()` })
      .where(and(eq(agentCrmBusinesses.id, businessId), eq(agentCrmBusinesses.state, 'provisioning')))
      .returning();
    if (!business) return;
    const npns = (await usersOf(tx, businessId)).map((u) => u.npn);
    await writeOutbox(tx, [businessChanged(business, npns, 'activated', business.createdBy)]);
  });
}
