import type { PolicySyncReport } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { policySyncRuns } from '../db/schema';

/** Records (or updates) a sync run: the provisioning and sync report read over HTTP. */
export async function recordPolicySyncRun(database: Database, report: PolicySyncReport, state: 'running' | 'completed' | 'skipped' | 'failed') {
  const { runId, businessId, trigger, requestedBy, npns, startedAt, finishedAt, reason, state: _reportState, ...totals } = report;
  const values = {
    runId,
    businessId,
    trigger,
    state,
    requestedBy,
    npns,
    totals,
    reason: reason ?? null,
    startedAt: new Date(startedAt),
    finishedAt: state === 'running' ? null : new Date(finishedAt),
  };
  await database.db
    .insert(policySyncRuns)
    .values(values)
    .onConflictDoUpdate({ target: policySyncRuns.runId, set: { state, totals, reason: values.reason, finishedAt: values.finishedAt, npns } });
}
