import { defineQuery, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import {
  salesWorkflowCohortProgressQuery,
  taskQueuesOfWorkflowQueue,
  type SalesWorkflowCohortActivities,
  type SalesWorkflowCohortInput,
  type SalesWorkflowCohortProgress,
} from '@agencyflow/contracts/workflow';
import { serviceActivityOptions } from './activity-options';
import { runVisibility } from './run-visibility';

export const salesWorkflowCohortProgress = defineQuery<SalesWorkflowCohortProgress>(salesWorkflowCohortProgressQuery);

/**
 * SR-5: the records one page of a run created run their type's sales workflow together: one
 * workflow a cohort (never one a record), each step one activity that applies it to all of the
 * cohort's records set-based in the sales service, a wait one durable timer (a worker restarted
 * mid-wait resumes at the timer's end). Each record's current step and history are rows of the
 * sales service (GET /sales-records/{id}); here only ids, step kinds, wait lengths and counts.
 */
export async function runSalesWorkflowCohort(input: SalesWorkflowCohortInput): Promise<SalesWorkflowCohortProgress> {
  const queues = taskQueuesOfWorkflowQueue(workflowInfo().taskQueue);
  const options = serviceActivityOptions(queues.sales);
  const sales = proxyActivities<SalesWorkflowCohortActivities>(options);
  // An email step sends to every record of the cohort: more time than a set-based statement.
  const sendingOptions = { ...options, startToCloseTimeout: '10 minutes' };
  const progress: SalesWorkflowCohortProgress = { cohortId: input.cohortId, records: 0, step: 0, steps: 0, waitingUntil: null, done: false };
  const visible = runVisibility();
  const show = () =>
    visible(
      progress.done ? 'completed' : progress.waitingUntil ? 'waiting' : 'running',
      { total: progress.records },
      progress.done
        ? `Completed: ${progress.steps} steps for ${progress.records} sales records`
        : `Step ${progress.step + 1} of ${progress.steps} for ${progress.records} sales records${progress.waitingUntil ? `: waiting until ${progress.waitingUntil}` : ''}`,
    );
  setHandler(salesWorkflowCohortProgress, () => progress);

  const plan = await sales.openSalesWorkflowCohort(input);
  progress.records = plan.records;
  // A cohort with no record (its type's workflow was gone when it began) has nothing to do.
  const steps = plan.records === 0 ? [] : plan.steps;
  progress.steps = steps.length;
  for (const [step, planned] of steps.entries()) {
    progress.step = step;
    show();
    const at = { tenantId: input.tenantId, cohortId: input.cohortId, step };
    if (planned.kind === 'wait') {
      progress.waitingUntil = (await sales.beginSalesWorkflowWait({ ...at, seconds: planned.seconds })).until;
      show();
      await sleep(planned.seconds * 1000);
      progress.waitingUntil = null;
    }
    const summary = `Step ${step + 1} of ${steps.length} (${planned.kind}) for the cohort's ${plan.records} records`;
    await sales.applySalesWorkflowStep.executeWithOptions({ ...(planned.kind === 'email' ? sendingOptions : options), summary }, [at]);
  }
  await sales.completeSalesWorkflowCohort({ tenantId: input.tenantId, cohortId: input.cohortId });
  progress.step = steps.length;
  progress.done = true;
  show();
  return progress;
}
