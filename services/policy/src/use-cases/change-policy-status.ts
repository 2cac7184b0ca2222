import { and, eq } from 'drizzle-orm';
import type { PolicyStatus } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { policies } from '../db/schema';
import { decideTransition, lifecycleActions, type LifecycleAction } from '../domain/policy-lifecycle';
import { policyFingerprint } from '../domain/policy-content';
import { savePolicyRevision } from './save-policy-revision';

export interface ChangePolicyStatusCommand {
  tenantId: string;
  policyId: string;
  action: LifecycleAction;
  changedBy: string;
}

export type ChangePolicyStatusResult =
  | { ok: true; previousStatus: PolicyStatus }
  | { ok: false; error: 'not-found' }
  | { ok: false; error: 'illegal-transition'; status: PolicyStatus; allowedFrom: readonly PolicyStatus[] };

/**
 * Moves a policy along its lifecycle (ACC-7 activation included): revision + 1 and
 * policy-changed with the action's change ('activated', 'cancelled' ...) in one transaction.
 * The account service reacts to the event (ACC-6/ACC-7: the account becomes active).
 */
export async function changePolicyStatus(database: Database, command: ChangePolicyStatusCommand): Promise<ChangePolicyStatusResult> {
  return database.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(policies)
      .where(and(eq(policies.tenantId, command.tenantId), eq(policies.id, command.policyId)))
      .for('update');
    if (!current) return { ok: false, error: 'not-found' } as const;
    const decision = decideTransition(command.action, current.status);
    if (!decision.allowed) {
      return { ok: false, error: 'illegal-transition', status: current.status, allowedFrom: decision.allowedFrom } as const;
    }
    await savePolicyRevision(
      tx,
      current,
      { status: decision.to, fingerprint: policyFingerprint({ ...current, status: decision.to }) },
      { change: lifecycleActions[command.action].change, changedBy: command.changedBy },
    );
    return { ok: true, previousStatus: current.status } as const;
  });
}
