import { salesRecordRunRequestedV1 } from '@agencyflow/contracts';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec, ServiceDeps } from '@agencyflow/service-kit';
import { startRunWorkflow } from './start-run-workflow';

/**
 * SR-2 without a dual write (decision 0020): a confirmed run commits with its requested event,
 * and this consumer starts the run's workflow from it. The confirm also starts it at once after
 * its commit (the fast path); whichever comes second finds it started. While Temporal is away
 * the event is retried, never dropped: a confirmed run always runs.
 */
export const runRequestsConsumer = ({ temporal, taskQueues }: Pick<ServiceDeps, 'temporal' | 'taskQueues'>): ConsumerSpec => ({
  name: 'sales.sales-record-run-requests',
  topics: ['sales.events'],
  handlers: {
    ...on(salesRecordRunRequestedV1, async (_tx, { tenantId, data }) => {
      await startRunWorkflow(temporal.client, taskQueues, {
        tenantId,
        runId: data.runId,
        matched: data.matched,
        ...(data.pageSize ? { pageSize: data.pageSize } : {}),
      });
    }),
  },
});
