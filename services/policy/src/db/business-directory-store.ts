import { eq, sql } from 'drizzle-orm';
import { businessDirectory } from './schema';
import type { Tx } from './tx';

/**
 * The business directory store: the only writer of `business_directory`, the policy service's
 * read model of Agent CRM businesses, and its reads.
 */

export type BusinessInDirectory = typeof businessDirectory.$inferSelect;

/** A business's latest state, as its agent-crm-business-changed event carries it (events of one business arrive in order). */
export async function recordBusiness(
  tx: Tx,
  business: { businessId: string; fmoTenantId: string; userNpns: string[]; state: string },
): Promise<void> {
  await tx
    .insert(businessDirectory)
    .values(business)
    .onConflictDoUpdate({
      target: businessDirectory.businessId,
      set: { userNpns: business.userNpns, state: business.state, updatedAt: sql`now()` },
      // The FMO of a business never changes; an event that says otherwise changes nothing.
      setWhere: eq(businessDirectory.fmoTenantId, business.fmoTenantId),
    });
}

export async function findBusinessInDirectory(tx: Tx, businessId: string): Promise<BusinessInDirectory | undefined> {
  const [row] = await tx.select().from(businessDirectory).where(eq(businessDirectory.businessId, businessId));
  return row;
}
