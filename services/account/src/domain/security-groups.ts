import type { Permission } from '@agencyflow/contracts';

/** The permission that lets a tenant's admin manage its security groups. */
export const MANAGE_GROUPS: Permission = 'security-groups:manage';

/**
 * A tenant must keep a group that may manage groups, or nobody could ever change its groups again:
 * deleting the last group holding `security-groups:manage` (`permissionsAfter` null), or taking the
 * permission from it, is refused. Returns the reason, or null when the change may go ahead.
 */
export function lockOutRefusal(
  groups: ReadonlyArray<{ id: string; permissions: readonly string[] }>,
  groupId: string,
  permissionsAfter: readonly string[] | null,
): string | null {
  const managedBefore = groups.some((g) => g.permissions.includes(MANAGE_GROUPS));
  const managedAfter = groups.some((g) => (g.id === groupId ? (permissionsAfter ?? []) : g.permissions).includes(MANAGE_GROUPS));
  return managedBefore && !managedAfter
    ? `This is the last group holding "${MANAGE_GROUPS}": the tenant would have no group that can manage its groups. Give the permission to another group first.`
    : null;
}

/** Group names are unique in a tenant without case ("Agents" and "agents" are the same group). */
export const sameGroupName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
