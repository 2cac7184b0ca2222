import { deterministicUuid, salesRecordRunWorkflowId, type Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { copyRunSnapshot, countRunSnapshot, insertRun } from '../db/sales-run-store';
import { findRun } from './run-queries';
import type { IndividualSource, RunTarget } from './account-individuals';
import { usableType, type RunCounts, type TypeRefusal } from './preview-run';

export interface ConfirmCommand {
  tenantId: string;
  requestedBy: string;
  /** The same key always means the same run. */
  idempotencyKey: string;
  target: RunTarget;
  salesRecordTypeId: string;
  expectedMatched: number;
  pageSize?: number;
}

/** The individuals changed since the preview: thrown to roll the confirm's transaction back, with the new counts. */
class MatchesChanged extends Error {
  constructor(readonly counts: RunCounts) {
    super('the individuals changed since the preview');
  }
}

/**
 * SR-2 confirm: the individuals the target matches now are streamed from the account service
 * into the run's snapshot, in the transaction that records the run and its requested event
 * (the workflow starts from that event, decision 0020). If their number is not the preview's,
 * nothing is written and the answer carries the new numbers. A repeated confirm (the same key,
 * so the same run) answers the run as it was confirmed.
 */
export async function confirmRun(
  { database, individuals }: { database: Database; individuals: IndividualSource },
  command: ConfirmCommand,
): Promise<TypeRefusal | Outcome<'changed', { counts: RunCounts }> | Outcome<'confirmed', { runId: string; workflowId: string; matched: number; pageSize?: number }>> {
  const { tenantId } = command;
  const runId = deterministicUuid('sales-record-run', tenantId, command.idempotencyKey);
  const workflowId = salesRecordRunWorkflowId(tenantId, runId);
  const type = await database.db.transaction((tx) => usableType(tx, tenantId, command.salesRecordTypeId));
  if (type.outcome !== 'usable') return type;
  const { ids, savedSearchName } = await individuals.matches(tenantId, command.target);
  const confirmed = (matched: number, pageSize: number | null) =>
    ({ outcome: 'confirmed', runId, workflowId, matched, ...(pageSize ? { pageSize } : {}) }) as const;
  try {
    return await database.db.transaction(async (tx) => {
      const inserted = await insertRun(tx, {
        id: runId,
        tenantId,
        salesRecordTypeId: type.type.id,
        salesRecordTypeName: type.type.name,
        criteria: 'criteria' in command.target ? command.target.criteria : null,
        savedSearchId: 'savedSearchId' in command.target ? command.target.savedSearchId : null,
        savedSearchName,
        requestedBy: command.requestedBy,
        workflowId,
        pageSize: command.pageSize ?? null,
        matched: command.expectedMatched,
      });
      if (!inserted) {
        ids.destroy();
        const run = await findRun(tx, tenantId, runId);
        return confirmed(run!.matched, run!.pageSize);
      }
      const matched = await copyRunSnapshot(tx, { id: runId, tenantId }, ids);
      if (matched !== command.expectedMatched) {
        const counts = await countRunSnapshot(tx, tenantId, runId);
        throw new MatchesChanged({ ...counts, toCreate: counts.matched - counts.alreadyLinked });
      }
      return confirmed(matched, command.pageSize ?? null);
    });
  } catch (error) {
    if (error instanceof MatchesChanged) return { outcome: 'changed', counts: error.counts };
    throw error;
  }
}
