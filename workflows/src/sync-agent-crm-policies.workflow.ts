import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  emptySyncTotals,
  policySyncProgressQuery,
  resyncRequestedSignal,
  taskQueuesOfWorkflowQueue,
  type AgentCrmAccountActivities,
  type AgentCrmPolicyActivities,
  type CopyPolicyPageResult,
  type PolicySyncCursor,
  type PolicySyncInput,
  type PolicySyncProgress,
  type PolicySyncReport,
  type SyncedContactsResult,
} from '@agencyflow/contracts/workflow';
import { serviceActivityOptions } from './activity-options';
import { runVisibility } from './run-visibility';
import { addPage } from './sync-totals';

export const policySyncProgress = defineQuery<PolicySyncProgress>(policySyncProgressQuery);
export const resyncRequested = defineSignal(resyncRequestedSignal);

const DEFAULT_PAGE_SIZE = 1000;
/**
 * Pages per run before continuing as new (about 12 history events a page, so a run stays far
 * under 10,240 events), and the history size that also ends a run. Payloads carry ids, cursors
 * and counts only, so neither grows with the page size or the book.
 */
const PAGES_PER_RUN = 200;
const HISTORY_BUDGET_BYTES = 4 * 1024 * 1024;

/**
 * PS-4..PS-8: copies, page by page, every FMO policy written by one of the business's users'
 * NPNs into the business (policy service), and turns its members into contacts (account
 * service, which pulls the page's rows from the policy service itself: no row passes through
 * this workflow). Every page is idempotent (stable keys), so a retried or repeated page never
 * duplicates. A run that fails for good records its report as failed, with the reason. The cursor and totals carry across continue-as-new; progress is a query. One run
 * per business at a time (workflow id policy-sync/<business>); a resync asked for meanwhile
 * (signal) runs once more at the end, with the business's NPNs read afresh.
 */
export async function syncAgentCrmPolicies(input: PolicySyncInput): Promise<PolicySyncReport> {
  const queues = taskQueuesOfWorkflowQueue(workflowInfo().taskQueue);
  const account = proxyActivities<AgentCrmAccountActivities>(serviceActivityOptions(queues.account));
  const policyOptions = serviceActivityOptions(queues.policy);
  const policy = proxyActivities<AgentCrmPolicyActivities>(policyOptions);
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;

  let cursor: PolicySyncCursor | undefined = input.resume;
  let done = false;
  let resyncAsked = input.resume?.resyncRequested ?? false;
  // A signal handled in the run's first activation came with its start (signal-with-start of a
  // fresh run), before the scope was read: the run itself is its answer. Any later one may have
  // come while the scope was being read with the old NPNs (PS-8), so it asks for one more run.
  const firstActivation = workflowInfo().historyLength;
  setHandler(resyncRequested, () => {
    if (cursor || workflowInfo().historyLength > firstActivation) resyncAsked = true;
  });
  // Phase and counts for the Temporal UI: policies copied so far (rows done), pages in the details.
  const visible = runVisibility();
  const show = (phase: 'running' | PolicySyncReport['state']) => {
    const totals = cursor?.totals ?? emptySyncTotals();
    visible(phase, { done: totals.policies }, `${phase[0]!.toUpperCase()}${phase.slice(1)}: ${totals.policies} policies and ${totals.members} members in ${totals.pages} pages; ${totals.contactsCreated} contacts created, ${totals.contactsUpdated} updated`);
  };
  setHandler(policySyncProgress, () => ({
    runId: cursor?.runId ?? '',
    npns: cursor?.npns ?? [],
    totals: cursor?.totals ?? emptySyncTotals(),
    done,
  }));

  if (!cursor) {
    const scope = await account.getPolicySyncScope({ businessId: input.businessId });
    const started: PolicySyncCursor = {
      runId: uuid4(),
      fmoTenantId: scope.fmoTenantId,
      resyncRequested: false,
      trigger: input.trigger,
      requestedBy: input.requestedBy,
      startedAt: new Date().toISOString(),
      npns: scope.npns,
      after: null,
      totals: emptySyncTotals(),
    };
    if (!scope.enabled) {
      // PS-7: a disabled sync never runs; what was synced before stays.
      const skipped = report(input.businessId, started, 'skipped', 'policy sync is disabled for this business');
      await account.recordPolicySyncRun({ report: skipped, state: 'skipped' });
      done = true;
      show('skipped');
      return skipped;
    }
    cursor = started;
    await account.recordPolicySyncRun({ report: report(input.businessId, cursor, 'completed'), state: 'running' });
  }
  show('running');

  const copyPage = (from: PolicySyncCursor, page: number) => {
    const copying = policy.copyPolicyPage.executeWithOptions({ ...policyOptions, summary: `Copy policy page ${page + 1}` }, [
      {
        fmoTenantId: from.fmoTenantId,
        businessId: input.businessId,
        npns: from.npns,
        after: from.after,
        limit: pageSize,
        requestedBy: from.requestedBy,
        runId: from.runId,
        page,
      },
    ]);
    // Awaited later; a failure while this page's contacts are still being written is not "unhandled".
    copying.catch(() => undefined);
    return copying;
  };

  try {
    let nextPage: Promise<CopyPolicyPageResult> | null = cursor.npns.length > 0 ? copyPage(cursor, cursor.totals.pages) : null;
    for (let pagesThisRun = 1; nextPage; pagesThisRun++) {
      const page: CopyPolicyPageResult = await nextPage;
      const more = page.nextCursor !== null;
      const roomInRun = pagesThisRun < PAGES_PER_RUN && workflowInfo().historySize < HISTORY_BUDGET_BYTES && !workflowInfo().continueAsNewSuggested;
      // The next page is copied (policy service) while this page becomes contacts (account
      // service): the two write different databases, and this page's copies are committed.
      nextPage = more && roomInRun ? copyPage({ ...cursor, after: page.nextCursor }, cursor.totals.pages + 1) : null;
      const contacts: SyncedContactsResult = page.through
        ? await account.applyPolicySyncPage({
            businessId: input.businessId,
            runId: cursor.runId,
            page: cursor.totals.pages,
            after: cursor.after,
            through: page.through,
          })
        : emptyContacts;
      cursor = { ...cursor, after: page.nextCursor, totals: addPage(cursor.totals, page, contacts) };
      show('running');
      if (more && !roomInRun) {
        await continueAsNew<typeof syncAgentCrmPolicies>({ ...input, resume: { ...cursor, resyncRequested: resyncAsked } });
      }
    }
  } catch (error) {
    if (error instanceof ContinueAsNew) throw error;
    // Retries are spent, the input was refused or the run was cancelled: the run is over, and
    // its report says so (never "running" forever), even while the workflow is being cancelled.
    const failed = report(input.businessId, cursor, 'failed', failureReason(error));
    await CancellationScope.nonCancellable(() => account.recordPolicySyncRun({ report: failed, state: 'failed' }));
    done = true;
    show('failed');
    throw error;
  }

  // PS-9: the people the business now has from its sync, as the preview counted them.
  cursor = { ...cursor, totals: { ...cursor.totals, ...(await account.countSyncedContacts({ businessId: input.businessId })) } };
  const final = report(input.businessId, cursor, 'completed');
  await account.recordPolicySyncRun({ report: final, state: 'completed' });
  done = true;
  show('completed');
  if (resyncAsked) {
    await continueAsNew<typeof syncAgentCrmPolicies>({ businessId: input.businessId, trigger: 'resync', requestedBy: input.requestedBy, pageSize });
  }
  return final;
}

const emptyContacts: SyncedContactsResult = { accountsCreated: 0, contactsCreated: 0, contactsUpdated: 0, membersWithoutEmail: 0 };

/**
 * Why a run failed, for the report an admin reads: the activity and the failure type, never the
 * message (a database error's message can quote the values it refused).
 */
function failureReason(error: unknown): string {
  if (error instanceof ActivityFailure) {
    const type = error.cause instanceof ApplicationFailure ? (error.cause.type ?? 'Error') : (error.cause?.name ?? 'Error');
    return `${error.activityType} failed (${type}) after its retries`;
  }
  return error instanceof Error ? error.name : 'unknown failure';
}

function report(businessId: string, cursor: PolicySyncCursor, state: PolicySyncReport['state'], reason?: string): PolicySyncReport {
  return {
    ...cursor.totals,
    runId: cursor.runId,
    businessId,
    state,
    ...(reason ? { reason } : {}),
    trigger: cursor.trigger,
    requestedBy: cursor.requestedBy,
    npns: cursor.npns,
    startedAt: cursor.startedAt,
    finishedAt: new Date().toISOString(),
  };
}
