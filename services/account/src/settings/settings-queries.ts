import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { customFieldDefinitions, servicingAgents } from '../db/schema';

/** The tenant's custom field definitions, by key. */
export const customFieldsOf = (db: Executor, tenantId: string) =>
  db.select().from(customFieldDefinitions).where(eq(customFieldDefinitions.tenantId, tenantId)).orderBy(asc(customFieldDefinitions.key));

/** The tenant's servicing agents, by name. */
export const servicingAgentsOf = (db: Executor, tenantId: string) =>
  db.select().from(servicingAgents).where(eq(servicingAgents.tenantId, tenantId)).orderBy(asc(servicingAgents.name));

/** Whether the servicing agent is the tenant's (another tenant's is indistinguishable from none). */
export async function isServicingAgentOf(db: Executor, tenantId: string, agentId: string): Promise<boolean> {
  const [agent] = await db
    .select({ id: servicingAgents.id })
    .from(servicingAgents)
    .where(and(eq(servicingAgents.tenantId, tenantId), eq(servicingAgents.id, agentId)));
  return agent !== undefined;
}
