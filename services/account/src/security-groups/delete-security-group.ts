import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { deleteSecurityGroup } from '../db/security-group-store';
import { lockOutRefusal } from '../domain/security-groups';
import { findGroup, groupsOf } from './security-group-queries';
import { withTenantGroups } from './tenant-groups';

/** Deletes a group and its memberships; the tenant's last group holding `security-groups:manage` is refused. */
export function removeSecurityGroup(
  database: Database,
  command: { tenantId: string; groupId: string; actor: string },
): Promise<Outcome<'deleted'> | Outcome<'not-found'> | Outcome<'refused', { reason: string }>> {
  const { tenantId, groupId, actor } = command;
  return withTenantGroups(database, tenantId, actor, async (tx) => {
    const group = await findGroup(tx, tenantId, groupId);
    if (!group) return { outcome: 'not-found' as const };
    const reason = lockOutRefusal(await groupsOf(tx, tenantId), group.id, null);
    if (reason) return { outcome: 'refused' as const, reason };
    await deleteSecurityGroup(tx, group, actor);
    return { outcome: 'deleted' as const };
  });
}
