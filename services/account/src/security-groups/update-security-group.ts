import type { Outcome, Permission } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { updateSecurityGroup, type SecurityGroupRow } from '../db/security-group-store';
import { lockOutRefusal } from '../domain/security-groups';
import { findGroup, groupsOf, nameTaken } from './security-group-queries';
import { withTenantGroups } from './tenant-groups';

type Updated =
  | Outcome<'updated' | 'unchanged', { group: SecurityGroupRow }>
  | Outcome<'not-found'>
  | Outcome<'conflict'>
  | Outcome<'refused', { reason: string }>;

const samePermissions = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((p) => b.includes(p));

/**
 * Renames a group or replaces its permissions. A name another group of the tenant has is a
 * conflict; taking `security-groups:manage` from the tenant's last group holding it is refused.
 */
export function changeSecurityGroup(
  database: Database,
  command: { tenantId: string; groupId: string; actor: string; change: { name?: string; permissions?: Permission[] } },
): Promise<Updated> {
  const { tenantId, groupId, actor, change } = command;
  return withTenantGroups(database, tenantId, actor, async (tx): Promise<Updated> => {
    const group = await findGroup(tx, tenantId, groupId);
    if (!group) return { outcome: 'not-found' };
    const renamed = change.name !== undefined && change.name !== group.name;
    const regranted = change.permissions !== undefined && !samePermissions(change.permissions, group.permissions);
    if (!renamed && !regranted) return { outcome: 'unchanged', group };
    if (renamed && (await nameTaken(tx, tenantId, change.name!, group.id))) return { outcome: 'conflict' };
    if (regranted) {
      const reason = lockOutRefusal(await groupsOf(tx, tenantId), group.id, change.permissions!);
      if (reason) return { outcome: 'refused', reason };
    }
    const updated = await updateSecurityGroup(tx, group, { ...(renamed ? { name: change.name } : {}), ...(regranted ? { permissions: change.permissions } : {}) }, actor);
    return { outcome: 'updated', group: updated };
  });
}
