import { agentCrmBusinessChangedV1, type PolicySyncTrigger } from '@agencyflow/contracts';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec, ServiceDeps } from '@agencyflow/service-kit';
import { startPolicySync } from './start-policy-sync';

/** A request older than this is history a new consumer is reading, not a request to act on. */
const REQUEST_HORIZON_MS = 24 * 60 * 60 * 1000;

const triggers: Partial<Record<string, PolicySyncTrigger>> = { 'agent-added': 'agent-added', 'policy-sync-enabled': 'enabled' };

/**
 * PS-7/PS-8 without a dual write: adding an agent or enabling policy sync commits the change and
 * its business-changed event together; this consumer of that event starts the sync. While
 * Temporal is away the event is retried, never dropped, so a committed change always gets
 * its sync. A start that happened but whose event was redelivered asks the running sync for one
 * more run, which changes nothing (PS-6).
 */
export const policySyncRequestsConsumer = ({ temporal, taskQueues }: Pick<ServiceDeps, 'temporal' | 'taskQueues'>): ConsumerSpec => ({
  name: 'account.policy-sync-requests',
  topics: ['account.events'],
  handlers: {
    ...on(agentCrmBusinessChangedV1, async (_tx, { data, occurredAt }) => {
      const trigger = triggers[data.change];
      if (!trigger || data.state !== 'active' || !data.policySyncEnabled) return;
      if (Date.now() - Date.parse(occurredAt) > REQUEST_HORIZON_MS) return;
      await startPolicySync(temporal.client, taskQueues, {
        fmoTenantId: data.fmoTenantId,
        businessId: data.businessId,
        trigger,
        requestedBy: data.changedBy,
      });
    }),
  },
});
