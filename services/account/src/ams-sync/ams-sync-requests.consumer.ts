import { amsSyncRequestedV1 } from '@agencyflow/contracts';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec, ServiceDeps } from '@agencyflow/service-kit';
import { startAmsSync } from './start-ams-sync';

/** A request older than this is history a new consumer group is reading, not a request to act on. */
const REQUEST_HORIZON_MS = 24 * 60 * 60 * 1000;

/**
 * AMS-2/AMS-6 without a dual write (decision 0020): the request and its event are committed
 * together; this consumer hands each to its account's workflow. Events of one account share a
 * partition (keyed by the account), so they arrive, and are queued, in the order they were made.
 * While Temporal is away the event is retried, never dropped. A redelivered event queues the
 * request again; the workflow runs it once (its row says it ran).
 */
export const amsSyncRequestsConsumer = ({ temporal, taskQueues, config }: Pick<ServiceDeps, 'temporal' | 'taskQueues' | 'config'>): ConsumerSpec => ({
  name: 'account.ams-sync-requests',
  topics: ['account.events'],
  handlers: {
    ...on(amsSyncRequestedV1, async (_tx, { data, tenantId, occurredAt }) => {
      if (Date.now() - Date.parse(occurredAt) > REQUEST_HORIZON_MS) return;
      await startAmsSync(temporal.client, taskQueues, {
        tenantId,
        accountId: data.accountId,
        request: { requestId: data.requestId, action: data.action, contactId: data.contactId },
        retryWindowSeconds: config.AMS_RETRY_WINDOW_SECONDS,
      });
    }),
  },
});
