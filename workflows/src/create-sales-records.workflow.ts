import {
  CancellationScope,
  continueAsNew,
  defineQuery,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  emptySalesRecordRunTotals,
  salesRecordRunProgressQuery,
  taskQueuesOfWorkflowQueue,
  type CreateSalesRecordsInput,
  type SalesRecordRunActivities,
  type SalesRecordRunCursor,
  type SalesRecordRunProgress,
  type SalesRecordRunResult,
} from '@agencyflow/contracts/workflow';
import { serviceActivityOptions } from './activity-options';
import { runVisibility } from './run-visibility';
import { addRunPage } from './sync-totals';

export const salesRecordRunProgress = defineQuery<SalesRecordRunProgress>(salesRecordRunProgressQuery);

/**
 * Individuals a page: each page costs a few Temporal round trips whatever its size, so pages are
 * as large as the account service hands out at once (MAX_SALES_RECORD_SOURCE_IDS); the bench
 * (npm run bench -- sales-records) measured 1000 at a third of this rate.
 */
const DEFAULT_PAGE_SIZE = 5000;
/**
 * Pages per run before continuing as new: a page is one activity (about 6 history events), so a
 * run of 1,000,000 individuals in pages of 5000 is 200 pages, one run of about 1200 events.
 */
const PAGES_PER_RUN = 200;
/**
 * Pages decided side by side: each is its own transaction over disjoint individuals (the link's
 * unique key still decides between runs), so two keep both database cores busy while one waits
 * on the account service. More only queue behind the first two on a small machine.
 */
const PAGES_AT_ONCE = 2;
/** Runs started before the page plan keep deciding their pages one after another (replay). */
const PAGE_PLAN_PATCH = 'sales-record-run-page-plan';

/**
 * SR-2/SR-3/SR-6: a confirmed run, page by page over its snapshot (fixed at confirm, in the sales
 * service): each page's individuals get their sales records in one activity on the sales task
 * queue, which pulls their fields from the account service itself; only a cursor and counters
 * cross Temporal. Every page is idempotent (the (tenant, individual) link decides), so a retried
 * page, a restarted worker or a replayed run never duplicates.
 *
 * A run cannot be stopped (SR-2): its body runs in a non-cancellable scope, so a cancel sent from
 * the Temporal UI or CLI is recorded and ignored, and the run finishes. Progress is the `progress`
 * query and the current details the Temporal UI shows: counts only, no protected data.
 */
export async function createSalesRecordsWorkflow(input: CreateSalesRecordsInput): Promise<SalesRecordRunResult> {
  const queues = taskQueuesOfWorkflowQueue(workflowInfo().taskQueue);
  const options = serviceActivityOptions(queues.sales);
  const sales = proxyActivities<SalesRecordRunActivities>(options);
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  let cursor: SalesRecordRunCursor = input.resume ?? { after: null, totals: emptySalesRecordRunTotals() };
  let done = false;

  const visible = runVisibility();
  const show = () => {
    const { processed, created, skipped, failed } = cursor.totals;
    const percent = input.matched === 0 ? 100 : Math.floor((processed * 100) / input.matched);
    visible(
      done ? 'completed' : 'running',
      { total: input.matched, done: processed, failed },
      `${done ? 'Completed' : 'Running'}: ${processed} of ${input.matched} individuals (${percent}%): ${created} created, ${skipped} skipped (already linked), ${failed} failed`,
    );
  };
  setHandler(salesRecordRunProgress, () => ({ runId: input.runId, matched: input.matched, totals: cursor.totals, done }));
  show();

  // Not cancellable (SR-2): a cancel request cancels the root scope, never this one.
  return CancellationScope.nonCancellable(async () => {
    const page = (bounds: { after: string | null; through?: string; page: number }) =>
      sales.createSalesRecordsPage.executeWithOptions({ ...options, summary: `Create the sales records of page ${bounds.page + 1}` }, [
        { tenantId: input.tenantId, runId: input.runId, limit: pageSize, ...bounds },
      ]);

    if (patched(PAGE_PLAN_PATCH)) {
      // Up to PAGES_PER_RUN pages planned by their bounds, decided PAGES_AT_ONCE at a time; a full plan continues as new.
      const { throughs } = await sales.planSalesRecordRunPages({ tenantId: input.tenantId, runId: input.runId, after: cursor.after, pageSize, pages: PAGES_PER_RUN });
      const first = cursor.totals.pages;
      const planned = throughs.map((through, i) => ({ after: i === 0 ? cursor.after : throughs[i - 1]!, through, page: first + i }));
      let next = 0;
      const decideInTurn = async () => {
        while (next < planned.length) {
          const decided = await page(planned[next++]!);
          cursor = { ...cursor, totals: addRunPage(cursor.totals, decided) };
          show();
        }
      };
      await Promise.all(Array.from({ length: PAGES_AT_ONCE }, decideInTurn));
      if (throughs.length === PAGES_PER_RUN) {
        await continueAsNew<typeof createSalesRecordsWorkflow>({ ...input, resume: { ...cursor, after: throughs.at(-1)! } });
      }
    } else {
      for (let pagesThisRun = 0; ; pagesThisRun++) {
        if (pagesThisRun >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
          await continueAsNew<typeof createSalesRecordsWorkflow>({ ...input, resume: cursor });
        }
        const decided = await page({ after: cursor.after, page: cursor.totals.pages });
        if (decided.through === null) break;
        cursor = { after: decided.through, totals: addRunPage(cursor.totals, decided) };
        show();
        if (decided.processed < pageSize) break;
      }
    }
    await sales.completeSalesRecordRun({ tenantId: input.tenantId, runId: input.runId, totals: cursor.totals });
    done = true;
    show();
    return { runId: input.runId, matched: input.matched, totals: cursor.totals };
  });
}
