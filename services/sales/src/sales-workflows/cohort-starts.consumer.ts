import { deterministicUuid, salesRecordRunProgressedV1 } from '@agencyflow/contracts';
import { sqlOf } from '@agencyflow/db';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec, ServiceDeps } from '@agencyflow/service-kit';
import { startCohortWorkflow } from './start-cohort-workflow';

/** A cohort's id: the same for every delivery of its page's event. */
export const salesWorkflowCohortId = (tenantId: string, runId: string, page: number) => deterministicUuid('sales-workflow-cohort', tenantId, runId, String(page));

/**
 * SR-5 from committed pages (decision 0020): each page of a run that created records starts one
 * cohort workflow for them when their type names a sales workflow; the page's event lists the
 * range it covered, and the cohort is the run's records in that range. A Temporal that is
 * away delays the cohort (the event is retried), never loses it.
 */
export const cohortStartsConsumer = ({ temporal, taskQueues }: Pick<ServiceDeps, 'temporal' | 'taskQueues'>): ConsumerSpec => ({
  name: 'sales.sales-workflow-cohort-starts',
  topics: ['sales.events'],
  handlers: {
    ...on(salesRecordRunProgressedV1, async (tx, { tenantId, data }) => {
      if (data.created === 0) return;
      const [type] = await sqlOf(tx)<{ sales_workflow_id: string | null }[]>`
        select sales_workflow_id from sales_record_types where tenant_id = ${tenantId} and id = ${data.salesRecordTypeId}`;
      if (!type?.sales_workflow_id) return;
      await startCohortWorkflow(temporal.client, taskQueues, {
        tenantId,
        cohortId: salesWorkflowCohortId(tenantId, data.runId, data.page),
        salesWorkflowId: type.sales_workflow_id,
        runId: data.runId,
        page: data.page,
        after: data.after,
        through: data.through,
      });
    }),
  },
});
