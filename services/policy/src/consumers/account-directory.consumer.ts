import { accountCreatedV1, eventKey, type EventData } from '@agencyflow/contracts';
import type { ConsumerSpec } from '@agencyflow/service-kit';
import { accountDirectory } from '../db/schema';

/** Keeps the policy service's directory of accounts in step with the account service. */
export const accountDirectoryConsumer = (): ConsumerSpec => ({
  name: 'policy.account-directory',
  topics: ['account.events'],
  handlers: {
    [eventKey(accountCreatedV1.type, accountCreatedV1.version)]: async (tx, event) => {
      const data = event.data as EventData<typeof accountCreatedV1>;
      await tx
        .insert(accountDirectory)
        .values({ tenantId: event.tenantId, accountId: data.accountId, name: data.name, status: data.status })
        .onConflictDoNothing();
    },
  },
});
