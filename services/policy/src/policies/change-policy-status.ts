import type { Outcome, PolicyStatus } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { decideTransition, lifecycleActions, type LifecycleAction } from '../domain/policy-lifecycle';
import { policyFingerprint } from '../domain/policy-content';
import { lockPolicy, savePolicyRevision } from '../db/policy-store';

export interface ChangePolicyStatusCommand {
  tenantId: string;
  policyId: string;
  action: LifecycleAction;
  changedBy: string;
}

export type ChangePolicyStatusResult =
  | Outcome<'updated', { previousStatus: PolicyStatus }>
  | Outcome<'not-found'>
  | Outcome<'illegal-transition', { status: PolicyStatus; allowedFrom: readonly PolicyStatus[] }>;

/**
 * Moves a policy along its lifecycle (ACC-7 activation included): revision + 1 and
 * policy-changed with the action's change ('activated', 'cancelled' ...) in one transaction.
 * The account service reacts to the event (ACC-6/ACC-7: the account becomes active).
 */
export async function changePolicyStatus(database: Database, command: ChangePolicyStatusCommand): Promise<ChangePolicyStatusResult> {
  return database.db.transaction(async (tx): Promise<ChangePolicyStatusResult> => {
    const current = await lockPolicy(tx, command.tenantId, command.policyId);
    if (!current) return { outcome: 'not-found' };
    const decision = decideTransition(command.action, current.status);
    if (!decision.allowed) {
      return { outcome: 'illegal-transition', status: current.status, allowedFrom: decision.allowedFrom };
    }
    await savePolicyRevision(
      tx,
      current,
      { status: decision.to, fingerprint: policyFingerprint({ ...current, status: decision.to }) },
      { change: lifecycleActions[command.action].change, changedBy: command.changedBy },
    );
    return { outcome: 'updated', previousStatus: current.status };
  });
}
