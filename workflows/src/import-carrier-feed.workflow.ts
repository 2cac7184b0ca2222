import { continueAsNew, defineQuery, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import {
  carrierFeedImportProgressQuery,
  taskQueuesOfWorkflowQueue,
  type CarrierFeedImportActivities,
  type CarrierFeedImportProgress,
  type CarrierFeedImportTotals,
  type ImportCarrierFeedInput,
} from '@agencyflow/contracts/workflow';
import { serviceActivityOptions } from './activity-options';
import { runVisibility } from './run-visibility';

export const carrierFeedImportProgress = defineQuery<CarrierFeedImportProgress>(carrierFeedImportProgressQuery);

const DEFAULT_PAGE_SIZE = 1000;
/** Pages per run before continuing as new: 1,000,000 rows in pages of 1000 are five runs of ~1200 events. */
const PAGES_PER_RUN = 200;
/** How often a queued import looks again whether the tenant's earlier import has finished. */
const QUEUE_POLL = '2 seconds';

/**
 * PS-2 as a job (decision 0033): a staged carrier feed, written page by page by the policy
 * service's activities. Only ids and counters cross Temporal: the rows are staged (encrypted) in
 * the policy service's database. Each page is idempotent (its cursor commits with it), so a killed
 * worker, service or database only delays the import. A tenant's imports are written one at a
 * time, in the order they arrived: while an earlier one runs, this one waits (a durable timer).
 * Progress is the `progress` query and the current details: counts only, nothing protected.
 */
export async function importCarrierFeedWorkflow(input: ImportCarrierFeedInput): Promise<CarrierFeedImportTotals> {
  const queues = taskQueuesOfWorkflowQueue(workflowInfo().taskQueue);
  const options = serviceActivityOptions(queues.policy);
  const policy = proxyActivities<CarrierFeedImportActivities>(options);
  const limit = input.pageSize ?? DEFAULT_PAGE_SIZE;
  let totals: CarrierFeedImportTotals = input.resume ?? { pages: 0, rowsDone: 0, rowsRejected: 0 };
  let state: CarrierFeedImportProgress['state'] = 'queued';

  const visible = runVisibility();
  const show = (waitingFor?: string) => {
    const percent = input.rows === 0 ? 100 : Math.floor((totals.rowsDone * 100) / input.rows);
    visible(
      state,
      { total: input.rows, done: totals.rowsDone, failed: totals.rowsRejected },
      waitingFor
        ? `Queued behind import ${waitingFor} of the same tenant`
        : `${state === 'completed' ? 'Completed' : 'Importing'}: ${totals.rowsDone} of ${input.rows} rows (${percent}%), page ${totals.pages}, ${totals.rowsRejected} rejected`,
    );
  };
  setHandler(carrierFeedImportProgress, () => ({ importId: input.importId, rows: input.rows, totals, state }));
  show();

  for (let pagesThisRun = 0; ; ) {
    if (pagesThisRun >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof importCarrierFeedWorkflow>({ ...input, resume: totals });
    }
    const page = await policy.writeCarrierFeedPage.executeWithOptions({ ...options, summary: `Write page ${totals.pages + 1} of ${Math.max(1, Math.ceil(input.rows / limit))}` }, [
      { tenantId: input.tenantId, importId: input.importId, limit },
    ]);
    if (page.outcome === 'waiting') {
      show(page.behindImportId);
      await sleep(QUEUE_POLL);
      continue;
    }
    state = 'importing';
    totals = page.totals;
    show();
    if (page.outcome === 'done') break;
    pagesThisRun++;
  }
  totals = await policy.completeCarrierFeedImport({ tenantId: input.tenantId, importId: input.importId });
  state = 'completed';
  show();
  return totals;
}
