import { protectedDataAccessedV1, salesProtectedDataAccessedV1 } from '@agencyflow/contracts';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec } from '@agencyflow/service-kit';
import { recordAccess } from '../db/access-log-store';

/** Records the policy and sales services' protected-data accesses in the tenant's log (X-4, decision 0026). */
export const accessLogConsumer = (): ConsumerSpec => ({
  name: 'account.protected-data-access',
  topics: ['policy.events', 'sales.events'],
  handlers: {
    ...on(protectedDataAccessedV1, async (tx, event) => {
      await recordAccess(tx, event.tenantId, event.data);
    }),
    ...on(salesProtectedDataAccessedV1, async (tx, event) => {
      await recordAccess(tx, event.tenantId, event.data);
    }),
  },
});
