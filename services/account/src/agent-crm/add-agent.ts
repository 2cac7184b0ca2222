import { policySyncWorkflowId, type Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { insertBusinessUser, type BusinessRow, type BusinessUserRow } from '../db/business-store';
import { isUniqueViolation } from '../db/postgres-errors';
import { refusalWhileProvisioning } from '../domain/business-lifecycle';
import { emailsInUse, findBusiness } from './business-queries';

type AddAgentCommand = { fmoTenantId: string; businessId: string; actor: string; user: { name: string; email: string; npn: string } };

type Joined =
  | Outcome<'created', { business: BusinessRow; user: BusinessUserRow }>
  | Outcome<'not-found'>
  | Outcome<'refused', { reason: string }> | Outcome<'provisioning', { reason: string }>
  | Outcome<'conflict', { emails: string[] }>;

export type AddAgentResult = Exclude<Joined, { outcome: 'created' }> | Outcome<'created', { business: BusinessRow; user: BusinessUserRow; sync: { workflowId: string } | null }>;

/** The agent joins an agency business, with an email no other Agent CRM user has. */
async function joinBusiness(database: Database, command: AddAgentCommand): Promise<Joined> {
  const emailTaken = (): Joined => ({ outcome: 'conflict', emails: [command.user.email] });
  try {
    return await database.db.transaction(async (tx): Promise<Joined> => {
      const business = await findBusiness(tx, command.fmoTenantId, command.businessId);
      if (!business) return { outcome: 'not-found' };
      const provisioning = refusalWhileProvisioning(business);
      if (provisioning) return { outcome: 'provisioning', reason: provisioning };
      if (business.kind !== 'agency') return { outcome: 'refused', reason: 'Agents can be added to agency businesses only.' };
      if ((await emailsInUse(tx, [command.user.email])).length > 0) return emailTaken();
      return { outcome: 'created', business, user: await insertBusinessUser(tx, business, command.user, command.actor) };
    });
  } catch (error) {
    // Two requests racing for one email: the unique index decides.
    if (isUniqueViolation(error)) return emailTaken();
    throw error;
  }
}

/** PS-8: a new agent joins an agency business; with policy sync enabled their NPN's policies sync (`sync` names the workflow). */
export async function addAgent(
  { database }: Pick<ServiceDeps, 'database'>,
  command: AddAgentCommand,
): Promise<AddAgentResult> {
  const joined = await joinBusiness(database, command);
  if (joined.outcome !== 'created') return joined;
  if (!joined.business.policySyncEnabled) return { ...joined, sync: null };
  // The sync starts from the committed agent-added event (policy-sync/sync-requests.consumer.ts).
  return { ...joined, sync: { workflowId: policySyncWorkflowId(command.businessId) } };
}
