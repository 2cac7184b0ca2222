import { MAX_SECURITY_GROUP_MEMBERS, type Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { deleteSecurityGroupMember, insertSecurityGroupMember } from '../db/security-group-store';
import { findGroup, membersOf } from './security-group-queries';
import { withTenantGroups } from './tenant-groups';

type MemberCommand = { tenantId: string; groupId: string; subject: string; actor: string };

/**
 * Assigns a user (a token subject) to a group. A group holds at most
 * MAX_SECURITY_GROUP_MEMBERS users: its event carries them all. Larger populations belong in the
 * identity provider's groups, which the token names.
 */
export function addSecurityGroupMember(
  database: Database,
  { tenantId, groupId, subject, actor }: MemberCommand,
): Promise<Outcome<'created' | 'unchanged'> | Outcome<'not-found'> | Outcome<'refused', { reason: string }>> {
  return withTenantGroups(database, tenantId, actor, async (tx) => {
    const group = await findGroup(tx, tenantId, groupId);
    if (!group) return { outcome: 'not-found' as const };
    const members = await membersOf(tx, groupId);
    if (members.some((m) => m.subject === subject)) return { outcome: 'unchanged' as const };
    if (members.length >= MAX_SECURITY_GROUP_MEMBERS) {
      return { outcome: 'refused' as const, reason: `A group has at most ${MAX_SECURITY_GROUP_MEMBERS} members; assign larger populations through the identity provider's groups.` };
    }
    await insertSecurityGroupMember(tx, group, subject, actor);
    return { outcome: 'created' as const };
  });
}

/** Takes a user out of a group; `not-found` names what was missing: the group, or the membership. */
export function removeSecurityGroupMember(
  database: Database,
  { tenantId, groupId, subject, actor }: MemberCommand,
): Promise<Outcome<'deleted'> | Outcome<'not-found', { what: 'group' | 'member' }>> {
  return withTenantGroups(database, tenantId, actor, async (tx) => {
    const group = await findGroup(tx, tenantId, groupId);
    if (!group) return { outcome: 'not-found' as const, what: 'group' as const };
    const removed = await deleteSecurityGroupMember(tx, group, subject, actor);
    return removed ? { outcome: 'deleted' as const } : { outcome: 'not-found' as const, what: 'member' as const };
  });
}
