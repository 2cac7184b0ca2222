import { policySyncWorkflowId, type Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { setBusinessPolicySync, type BusinessRow } from '../db/business-store';
import { refusalWhileProvisioning } from '../domain/business-lifecycle';
import { findBusiness } from './business-queries';

type SetPolicySyncCommand = { fmoTenantId: string; businessId: string; enabled: boolean; actor: string };
type Switched = Outcome<'updated' | 'unchanged', { business: BusinessRow }> | Outcome<'not-found'> | Outcome<'provisioning', { reason: string }>;

async function switchPolicySync(database: Database, command: SetPolicySyncCommand): Promise<Switched> {
  return database.db.transaction(async (tx): Promise<Switched> => {
    const business = await findBusiness(tx, command.fmoTenantId, command.businessId);
    if (!business) return { outcome: 'not-found' };
    const provisioning = refusalWhileProvisioning(business);
    if (provisioning) return { outcome: 'provisioning', reason: provisioning };
    if (business.policySyncEnabled === command.enabled) return { outcome: 'unchanged', business };
    return { outcome: 'updated', business: await setBusinessPolicySync(tx, business, command.enabled, command.actor) };
  });
}

/**
 * PS-7: turns policy sync on or off. Off stops re-syncs and keeps what was synced; turning it on
 * runs the sync once the change is committed (`sync` names its workflow).
 */
export async function setPolicySync(
  { database }: Pick<ServiceDeps, 'database'>,
  command: SetPolicySyncCommand,
): Promise<
  Outcome<'not-found'> | Outcome<'provisioning', { reason: string }> | Outcome<'updated' | 'unchanged', { business: BusinessRow; sync: { workflowId: string } | null }>
> {
  const switched = await switchPolicySync(database, command);
  if (switched.outcome === 'not-found' || switched.outcome === 'provisioning') return switched;
  if (switched.outcome === 'unchanged' || !command.enabled) return { ...switched, sync: null };
  // The sync starts from the committed policy-sync-enabled event (policy-sync/sync-requests.consumer.ts).
  return { ...switched, sync: { workflowId: policySyncWorkflowId(command.businessId) } };
}
