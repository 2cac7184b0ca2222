import { carrierFeedStagedV1 } from '@agencyflow/contracts';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec, ServiceDeps } from '@agencyflow/service-kit';
import { startImportWorkflow } from './start-import-workflow';

/**
 * PS-2 without a dual write (decision 0020): a staged upload commits with its staged event, and
 * this consumer starts the import's workflow from it. The upload also starts it at once after its
 * commit (the fast path); whichever comes second finds it started. While Temporal is away the
 * event is retried, never dropped: an accepted upload is always imported.
 */
export const importRequestsConsumer = ({ temporal, taskQueues }: Pick<ServiceDeps, 'temporal' | 'taskQueues'>): ConsumerSpec => ({
  name: 'policy.carrier-feed-import-requests',
  topics: ['policy.events'],
  handlers: {
    ...on(carrierFeedStagedV1, async (_tx, { tenantId, data }) => {
      await startImportWorkflow(temporal.client, taskQueues, {
        tenantId,
        importId: data.importId,
        rows: data.rows,
        importedBy: data.importedBy,
        ...(data.pageSize ? { pageSize: data.pageSize } : {}),
      });
    }),
  },
});
