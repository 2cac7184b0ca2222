import type { Executor } from '@agencyflow/db';
import { customFieldDefinitions, servicingAgents } from './schema';

/**
 * The settings store: the only writer of a tenant's contact settings, its typed custom field
 * definitions and its servicing agents (custom_field_definitions, servicing_agents). Settings
 * publish no events: no other service follows them.
 */

export type CustomFieldRow = typeof customFieldDefinitions.$inferSelect;
export type NewCustomField = Pick<typeof customFieldDefinitions.$inferInsert, 'key' | 'label' | 'type' | 'options'>;
export type ServicingAgentRow = typeof servicingAgents.$inferSelect;
export type NewServicingAgent = Pick<typeof servicingAgents.$inferInsert, 'name' | 'npn' | 'userId'>;

/** A new custom field definition; undefined when the tenant has one with that key (unique per tenant). */
export async function insertCustomField(tx: Executor, tenantId: string, field: NewCustomField): Promise<CustomFieldRow | undefined> {
  const [created] = await tx.insert(customFieldDefinitions).values({ ...field, tenantId }).onConflictDoNothing().returning();
  return created;
}

export async function insertServicingAgent(tx: Executor, tenantId: string, agent: NewServicingAgent): Promise<ServicingAgentRow> {
  const [created] = await tx.insert(servicingAgents).values({ ...agent, tenantId }).returning();
  return created!;
}
