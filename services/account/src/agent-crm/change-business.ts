import { eq, sql } from 'drizzle-orm';
import { writeOutbox, type Database } from '@agencyflow/db';
import { agentCrmBusinesses, agentCrmUsers } from '../db/schema';
import { businessChanged } from './business-events';
import { emailsInUse, findBusiness, usersOf } from './business-queries';

/** PS-7: turns policy sync on or off. Off stops re-syncs and keeps what was synced. */
export async function setPolicySync(database: Database, command: { fmoTenantId: string; businessId: string; enabled: boolean; actor: string }) {
  return database.db.transaction(async (tx) => {
    const business = await findBusiness(tx, command.fmoTenantId, command.businessId);
    if (!business) return { outcome: 'not-found' as const };
    if (business.policySyncEnabled === command.enabled) return { outcome: 'unchanged' as const, business };
    const [updated] = await tx
      .update(agentCrmBusinesses)
      .set({ policySyncEnabled: command.enabled, updatedAt: sql`now()` })
      .where(eq(agentCrmBusinesses.id, business.id))
      .returning();
    const npns = (await usersOf(tx, business.id)).map((u) => u.npn);
    await writeOutbox(tx, [businessChanged(updated!, npns, command.enabled ? 'policy-sync-enabled' : 'policy-sync-disabled', command.actor)]);
    return { outcome: 'changed' as const, business: updated! };
  });
}

export type AddAgentResult =
  | { outcome: 'added'; business: typeof agentCrmBusinesses.$inferSelect; user: typeof agentCrmUsers.$inferSelect }
  | { outcome: 'not-found' }
  | { outcome: 'not-an-agency' }
  | { outcome: 'email-in-use' };

/** PS-8: a new agent joins an agency business; the email must be unique among all Agent CRM users. */
export async function addAgent(
  database: Database,
  command: { fmoTenantId: string; businessId: string; actor: string; user: { name: string; email: string; npn: string } },
): Promise<AddAgentResult> {
  try {
    return await database.db.transaction(async (tx) => {
      const business = await findBusiness(tx, command.fmoTenantId, command.businessId);
      if (!business) return { outcome: 'not-found' };
      if (business.kind !== 'agency') return { outcome: 'not-an-agency' };
      if ((await emailsInUse(tx, [command.user.email])).length > 0) return { outcome: 'email-in-use' };
      const [user] = await tx.insert(agentCrmUsers).values({ ...command.user, businessId: business.id }).returning();
      const npns = (await usersOf(tx, business.id)).map((u) => u.npn);
      await writeOutbox(tx, [businessChanged(business, npns, 'agent-added', command.actor)]);
      return { outcome: 'added', business, user: user! };
    });
  } catch (error) {
    // Two requests racing for one email: the unique index decides.
    if ((error as { code?: string }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505') {
      return { outcome: 'email-in-use' };
    }
    throw error;
  }
}
