import { agentCrmBusinessChangedV1, buildEvent, type EventData } from '@agencyflow/contracts';
import type { agentCrmBusinesses } from '../db/schema';

type Change = EventData<typeof agentCrmBusinessChangedV1>['change'];

/** The state-carrying event of a business after a change. */
export function businessChanged(
  business: typeof agentCrmBusinesses.$inferSelect,
  userNpns: string[],
  change: Change,
  changedBy: string,
  state: 'provisioning' | 'active' | 'deleted' = business.state,
) {
  return buildEvent(agentCrmBusinessChangedV1, {
    tenantId: business.fmoTenantId,
    aggregateId: business.id,
    data: {
      businessId: business.id,
      fmoTenantId: business.fmoTenantId,
      name: business.name,
      kind: business.kind,
      state,
      policySyncEnabled: business.policySyncEnabled,
      userNpns: [...new Set(userNpns)].sort(),
      change,
      changedBy,
    },
  });
}
