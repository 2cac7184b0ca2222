import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { insertServicingAgent, type NewServicingAgent, type ServicingAgentRow } from '../db/settings-store';

/** Someone who services accounts, optionally linked to a CRM user (SR-4 assigns that user). */
export async function addServicingAgent(
  database: Database,
  command: { tenantId: string; agent: NewServicingAgent },
): Promise<Outcome<'created', { agent: ServicingAgentRow }>> {
  return { outcome: 'created', agent: await database.db.transaction((tx) => insertServicingAgent(tx, command.tenantId, command.agent)) };
}
