import { deterministicUuid, salesRecordRunWorkflowId, type Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { countMatchedIndividuals, insertRun, loadMatchedIndividuals } from '../db/sales-run-store';
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

/**
 * SR-2 confirm: the individuals the target matches now are streamed from the account service
 * into the run's snapshot, in the transaction that records the run and its requested event
 * (the workflow starts from that event, decision 0020). If their number is not the preview's,
 * nothing is written and the answer carries the new numbers.
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
  return database.db.transaction(async (tx) => {
    await loadMatchedIndividuals(tx, ids);
    const counts = await countMatchedIndividuals(tx, tenantId);
    if (counts.matched !== command.expectedMatched) {
      return { outcome: 'changed', counts: { ...counts, toCreate: counts.matched - counts.alreadyLinked } };
    }
    await insertRun(tx, {
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
      matched: counts.matched,
    });
    return { outcome: 'confirmed', runId, workflowId, matched: counts.matched, ...(command.pageSize ? { pageSize: command.pageSize } : {}) };
  });
}
