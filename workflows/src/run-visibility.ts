import { patched, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { searchAttributeKeys, type SearchAttributeUpdatePair } from '@agencyflow/contracts/workflow';

/**
 * Runs started before the search attributes below existed replay without the upsert commands
 * (a replayed history must issue the commands it recorded), so the upserts sit behind this patch.
 */
const RUN_VISIBILITY_PATCH = 'run-phase-search-attributes';

export interface RunCounts {
  total?: number;
  done?: number;
  failed?: number;
}

/**
 * What an operator sees of a run in the Temporal UI, kept current: its phase and counts as typed
 * search attributes (so "policy syncs stuck compensating" or "imports with failed rows" is one
 * filter) and a line of current details. Counts and phases only: nothing here is protected, and
 * none of it may name a person. An upsert is a history event, so it is made only on a change.
 */
export function runVisibility() {
  let last = '';
  return (phase: string, counts: RunCounts = {}, details?: string) => {
    if (details !== undefined) setCurrentDetails(details);
    const pairs: SearchAttributeUpdatePair[] = [{ key: searchAttributeKeys.runPhase, value: phase }];
    if (counts.total !== undefined) pairs.push({ key: searchAttributeKeys.rowsTotal, value: counts.total });
    if (counts.done !== undefined) pairs.push({ key: searchAttributeKeys.rowsDone, value: counts.done });
    if (counts.failed !== undefined) pairs.push({ key: searchAttributeKeys.rowsFailed, value: counts.failed });
    const next = JSON.stringify([phase, counts]);
    if (next === last || !patched(RUN_VISIBILITY_PATCH)) return;
    last = next;
    upsertSearchAttributes(pairs);
  };
}
