import type { AccountStatus } from '@agencyflow/contracts';

/**
 * ACC-6: an account with at least one active policy is active; when its last active policy
 * goes (cancelled, archived, terminated or deleted) it becomes inactive. An account that never
 * had an active policy stays as it is (a prospect stays a prospect).
 */
export function statusFromPolicies(current: AccountStatus, activePolicies: number): AccountStatus {
  if (activePolicies > 0) return 'active';
  return current === 'active' ? 'inactive' : current;
}

export type UserStatusDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * A user may set an account to prospect or inactive (ACC-8), but not while it has an active
 * policy: that would break ACC-6. "active" is never set by hand, it follows from policies.
 */
export function decideUserStatusChange(requested: AccountStatus, activePolicies: number): UserStatusDecision {
  if (requested === 'active') return { allowed: false, reason: 'An account becomes active by activating one of its policies.' };
  if (activePolicies > 0) {
    return { allowed: false, reason: `The account has ${activePolicies} active polic${activePolicies === 1 ? 'y' : 'ies'}; cancel or archive them first.` };
  }
  return { allowed: true };
}
