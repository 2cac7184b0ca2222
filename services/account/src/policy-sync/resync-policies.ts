import type { Outcome } from '@agencyflow/contracts';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { findBusiness } from '../agent-crm/business-queries';
import { refusalWhileProvisioning } from '../domain/business-lifecycle';
import { startPolicySync } from './start-policy-sync';

/** PS-6: Re-sync policies runs the sync again; PS-7: only while policy sync is enabled. */
export async function resyncPolicies(
  { database, temporal, taskQueues }: Pick<ServiceDeps, 'database' | 'temporal' | 'taskQueues'>,
  command: { fmoTenantId: string; businessId: string; requestedBy: string },
): Promise<Outcome<'not-found'> | Outcome<'refused', { reason: string }> | Outcome<'provisioning', { reason: string }> | Outcome<'started', { workflowId: string }>> {
  const business = await database.db.transaction((tx) => findBusiness(tx, command.fmoTenantId, command.businessId));
  if (!business) return { outcome: 'not-found' };
  const provisioning = refusalWhileProvisioning(business);
  if (provisioning) return { outcome: 'provisioning', reason: provisioning };
  if (!business.policySyncEnabled) return { outcome: 'refused', reason: 'Enable policy sync for this business first (PS-7).' };
  return startPolicySync(temporal.client, taskQueues, { ...command, trigger: 'resync' });
}
