import type { PolicyStatus } from '@agencyflow/contracts';

/**
 * The policy lifecycle (PS-1, ACC-7). Which status each action leads to, and from where:
 *
 *   pending    --activate--> active      --terminate--> terminated
 *   pending    --cancel----> cancelled   <--cancel----- active
 *   cancelled  --activate--> active      (reinstatement)
 *   any but archived --archive--> archived (terminal)
 *
 * Everything else (activating an active policy, reviving an archived or terminated one,
 * terminating a policy that never was in force) is refused.
 */
export const lifecycleActions = {
  activate: { to: 'active', from: ['pending', 'cancelled'], change: 'activated', message: 'Policy activated successfully' },
  cancel: { to: 'cancelled', from: ['pending', 'active'], change: 'cancelled', message: 'Policy cancelled successfully' },
  terminate: { to: 'terminated', from: ['active'], change: 'terminated', message: 'Policy terminated successfully' },
  archive: {
    to: 'archived',
    from: ['pending', 'active', 'cancelled', 'terminated'],
    change: 'archived',
    message: 'Policy archived successfully',
  },
} as const satisfies Record<
  string,
  { to: PolicyStatus; from: readonly PolicyStatus[]; change: string; message: string }
>;

export type LifecycleAction = keyof typeof lifecycleActions;
export const lifecycleActionNames = Object.keys(lifecycleActions) as LifecycleAction[];

export type TransitionDecision =
  | { allowed: true; to: PolicyStatus }
  | { allowed: false; allowedFrom: readonly PolicyStatus[] };

export function decideTransition(action: LifecycleAction, current: PolicyStatus): TransitionDecision {
  const rule = lifecycleActions[action];
  return (rule.from as readonly PolicyStatus[]).includes(current)
    ? { allowed: true, to: rule.to }
    : { allowed: false, allowedFrom: rule.from };
}
