import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  amsAccountSyncProgressQuery,
  amsSyncRequestedSignal,
  failureTypes,
  taskQueuesOfWorkflowQueue,
  type AmsAccountSyncInput,
  type AmsAccountSyncProgress,
  type AmsSyncActivities,
  type AmsSyncRequest,
} from '@agencyflow/contracts/workflow';
import { amsCallActivityOptions, serviceActivityOptions } from './activity-options';
import { runVisibility } from './run-visibility';

export const amsSyncRequested = defineSignal<[AmsSyncRequest]>(amsSyncRequestedSignal);
export const amsAccountSyncProgress = defineQuery<AmsAccountSyncProgress>(amsAccountSyncProgressQuery);

const DEFAULT_RETRY_WINDOW_SECONDS = 600;
/** With nothing queued for this long the workflow ends; the next request starts it again. */
const IDLE_BEFORE_CLOSING = '1 minute';
/** Requests per run before continuing as new (each is about 10 events per contact). */
const REQUESTS_PER_RUN = 50;
/** Request ids remembered across runs, so a redelivered signal is not queued again. */
const SEEN_KEPT = 200;

/**
 * AMS-2..AMS-6: the one sync workflow of an account (id `ams-sync/<tenant>/<account>`). Requests
 * arrive as signals (signal-with-start) and run one at a time in arrival order (AMS-6); the queue
 * and the ids already taken are carried across continue-as-new. A request syncs its contacts in
 * the order the account service gives (the primary first, AMS-3); each contact's AMS call is
 * retried by policy (AMS-4), and a contact whose call fails for good is recorded as failed with
 * the AMS's message while the others go on (a secondary of a failed primary fails with `Primary
 * Contact not synced`). Only ids travel: the fields are read and sent by the activity.
 */
export async function amsAccountSync(input: AmsAccountSyncInput): Promise<{ finished: number }> {
  const { tenantId, accountId } = input;
  const queues = taskQueuesOfWorkflowQueue(workflowInfo().taskQueue);
  const retryWindowSeconds = input.retryWindowSeconds ?? DEFAULT_RETRY_WINDOW_SECONDS;
  const account = proxyActivities<AmsSyncActivities>(serviceActivityOptions(queues.account));
  const amsOptions = amsCallActivityOptions(queues.account, retryWindowSeconds);
  const ams = proxyActivities<Pick<AmsSyncActivities, 'syncContactToAms'>>(amsOptions);

  const queue: AmsSyncRequest[] = [...(input.pending ?? [])];
  const seen: string[] = [...(input.seen ?? [])];
  let running: AmsSyncRequest | null = null;
  let finished = 0;
  setHandler(amsSyncRequested, (request) => {
    const known = seen.includes(request.requestId) || running?.requestId === request.requestId || queue.some((q) => q.requestId === request.requestId);
    if (!known) queue.push(request);
  });
  setHandler(amsAccountSyncProgress, () => ({ running, queued: [...queue], finished }));
  // Phase (syncing, idle) and requests finished in this run, for the Temporal UI.
  const visible = runVisibility();
  const show = () =>
    visible(running ? 'syncing' : 'idle', { done: finished }, running ? `Syncing request ${running.requestId} (${running.action}); ${queue.length} queued` : `Idle; ${finished} requests finished in this run`);

  async function run(request: AmsSyncRequest): Promise<void> {
    const plan = await account.beginAmsSyncRequest({ tenantId, requestId: request.requestId });
    if (!plan.proceed) return;
    for (const [i, { contactId }] of plan.contacts.entries()) {
      try {
        const summary = `Sync contact ${i + 1} of ${plan.contacts.length} to the AMS`;
        await ams.syncContactToAms.executeWithOptions({ ...amsOptions, summary }, [{ tenantId, accountId, requestId: request.requestId, contactId, action: request.action }]);
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        await account.recordAmsContactFailure({ tenantId, requestId: request.requestId, contactId, message: failureMessage(error, retryWindowSeconds) });
      }
    }
    await account.finishAmsSyncRequest({ tenantId, requestId: request.requestId });
  }

  for (;;) {
    if (queue.length === 0 && !(await condition(() => queue.length > 0, IDLE_BEFORE_CLOSING))) return { finished };
    running = queue.shift()!;
    show();
    await run(running);
    seen.push(running.requestId);
    if (seen.length > SEEN_KEPT) seen.shift();
    running = null;
    finished += 1;
    show();
    if (finished >= REQUESTS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof amsAccountSync>({ tenantId, accountId, retryWindowSeconds, pending: queue, seen });
    }
  }
}

/** What the user reads on a failed contact: the AMS's own message (or why it was not retried further). */
function failureMessage(error: ActivityFailure, retryWindowSeconds: number): string {
  const cause = error.cause;
  // A transient failure here means its retries ran out of time (AMS-4's bound).
  if (cause instanceof ApplicationFailure && cause.type === failureTypes.amsTransient) return `${cause.message} (gave up after retrying for ${retryWindowSeconds} s)`;
  if (cause instanceof ApplicationFailure) return cause.message;
  if (cause instanceof TimeoutFailure) {
    const last = cause.cause instanceof ApplicationFailure ? `: ${cause.cause.message}` : '';
    return `The AMS did not take the contact within ${retryWindowSeconds} s of retries${last}`;
  }
  return 'The AMS sync failed.';
}
