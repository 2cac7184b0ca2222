import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSalesRecordsWorkflowName,
  salesRecordRunProgressQuery,
  taskQueues,
  type CreateSalesRecordsInput,
  type SalesRecordPageInput,
  type SalesRecordRunActivities,
  type SalesRecordRunProgress,
  type SalesRecordRunResult,
} from '@agencyflow/contracts';
import { eventually, shortId } from '@agencyflow/testing';
import { startWorkflowRig } from './support/workflow-worker';

/** A run's snapshot as typed fake sales activities: ids 1..n, every third already linked. */
function fakeSales(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
  const pages: SalesRecordPageInput[] = [];
  const plans: number[] = [];
  let completions = 0;
  const activities: SalesRecordRunActivities = {
    async planSalesRecordRunPages({ after, pageSize, pages: count }) {
      const start = after === null ? 0 : ids.indexOf(after) + 1;
      const planned = ids.slice(start, start + pageSize * count);
      plans.push(start);
      return { throughs: planned.filter((_, i) => (i + 1) % pageSize === 0 || i === planned.length - 1) };
    },
    async createSalesRecordsPage(input) {
      pages.push(input);
      const start = input.after === null ? 0 : ids.indexOf(input.after) + 1;
      const end = input.through === undefined ? start + input.limit : ids.indexOf(input.through) + 1;
      const page = ids.slice(start, end);
      const skipped = page.filter((id) => Number(id.slice(-12)) % 3 === 0).length;
      return { processed: page.length, created: page.length - skipped, skipped, failed: 0, through: page.at(-1) ?? null };
    },
    async completeSalesRecordRun() {
      completions += 1;
    },
  };
  return { activities, pages, plans, completions: () => completions };
}

/**
 * createSalesRecordsWorkflow on the real Temporal server with typed fake sales activities: the
 * cursor and counters carried across continue-as-new, every page planned and asked for once, a
 * history that stays small whatever the run's size.
 */
describe('the sales-record run workflow', () => {
  const prefix = `t${shortId()}.`;
  const queues = taskQueues(prefix);
  const sales = fakeSales(240);
  let rig: Awaited<ReturnType<typeof startWorkflowRig>>;

  beforeAll(async () => {
    // The other services' queues host an unused stand-in (a worker needs at least one activity).
    rig = await startWorkflowRig(prefix, (service) => (service === 'sales' ? sales.activities : { probeService: async () => ({ service, ok: true }) }));
  });
  afterAll(() => rig?.stop());

  it('SR-2 SR-6 a run of 240 pages continues as new after 200 pages, carrying its cursor and counts: every individual is decided once', async () => {
    const input: CreateSalesRecordsInput = { tenantId: 'tenant-wf', runId: '11111111-1111-4111-8111-111111111111', matched: 240, pageSize: 1 };
    const workflowId = `sales-record-run/tenant-wf/${shortId()}`;
    const handle = await rig.client.workflow.start(createSalesRecordsWorkflowName, { workflowId, taskQueue: queues.workflows, args: [input] });
    await eventually(async () => {
      const progress = await handle.query<SalesRecordRunProgress>(salesRecordRunProgressQuery);
      expect(progress.totals.pages).toBeGreaterThan(0);
    }, { timeoutMs: 30_000 });
    const result = await handle.result() as SalesRecordRunResult;
    expect(result.totals).toEqual({ pages: 240, processed: 240, created: 160, skipped: 80, failed: 0 });
    expect(sales.completions()).toBe(1);
    // Two plans (200 pages, then the last 40), pages 0..239 each asked for once, each from the previous one's last id to its own.
    expect(sales.plans).toEqual([0, 200]);
    expect(sales.pages.map((p) => p.page).sort((a, b) => a - b)).toEqual(Array.from({ length: 240 }, (_, i) => i));
    const byPage = [...sales.pages].sort((a, b) => a.page - b.page);
    expect(byPage.map((p) => p.after)).toEqual([null, ...byPage.slice(0, -1).map((p) => p.through)]);
    expect(new Set(byPage.map((p) => p.through)).size).toBe(240);

    // Two runs: the first continued as new after 200 pages; every history far under Temporal's limits.
    const first = rig.client.workflow.getHandle(workflowId, handle.firstExecutionRunId);
    const history = await first.fetchHistory();
    expect(history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(history.events!.length).toBeLessThan(1500);
    const latest = await rig.client.workflow.getHandle(workflowId).describe();
    expect(latest.status.name).toBe('COMPLETED');
    expect(latest.runId).not.toBe(handle.firstExecutionRunId);
  }, 240_000);
});
