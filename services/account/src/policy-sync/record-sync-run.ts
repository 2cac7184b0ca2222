import type { Outcome, PolicySyncReport } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { recordSyncRun } from '../db/business-store';

/** Records (or updates) a sync run: the provisioning and sync report read over HTTP. */
export async function recordPolicySyncRun(
  database: Database,
  report: PolicySyncReport,
  state: 'running' | 'completed' | 'skipped' | 'failed',
): Promise<Outcome<'created' | 'updated'>> {
  const { runId, businessId, trigger, requestedBy, npns, startedAt, finishedAt, reason, state: _reportState, ...totals } = report;
  const { inserted } = await database.db.transaction((tx) => recordSyncRun(tx, {
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
  }));
  return { outcome: inserted ? 'created' : 'updated' };
}
