import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { seededSecurityGroups, type EventData, type securityGroupChangedV1 } from '@agencyflow/contracts';
import type { Executor } from './executor';
import { securityGroupDirectory } from './schema/security-group-directory';

/**
 * The security group directory store: the only writer of `security_group_directory`, the read
 * model of a tenant's security groups every service but the account service keeps (X-3, X-1: no
 * call to the account service to authorise a request), and its reads. Runs inside a transaction
 * scoped to the tenant (row-level security).
 */

type GroupChange = EventData<typeof securityGroupChangedV1>;
const t = securityGroupDirectory;

const anyRowOf = async (tx: Executor, tenantId: string) =>
  (await tx.select({ groupId: t.groupId }).from(t).where(eq(t.tenantId, tenantId)).limit(1)).length > 0;

/**
 * A group's state from its event, kept only when newer than what is there (by revision), so a
 * repeated or late event changes nothing. The first event of a tenant also brings in the default
 * groups (seeded ids, revision 0) the account service seeded with it: until their own events
 * arrive the tenant resolves as it did before it had any, whatever order the partitions deliver in.
 */
export async function recordSecurityGroup(tx: Executor, tenantId: string, group: GroupChange): Promise<void> {
  if (!(await anyRowOf(tx, tenantId))) {
    await tx
      .insert(t)
      .values(seededSecurityGroups(tenantId).map((g) => ({ tenantId, groupId: g.id, name: g.name, permissions: [...g.permissions], members: [], revision: 0 })))
      .onConflictDoNothing();
  }
  const state = { name: group.name, permissions: group.permissions, members: group.members, revision: group.revision, deleted: group.deleted };
  await tx
    .insert(t)
    .values({ tenantId, groupId: group.groupId, ...state })
    .onConflictDoUpdate({ target: [t.tenantId, t.groupId], set: { ...state, updatedAt: sql`now()` }, setWhere: sql`${t.revision} < ${group.revision}` });
}

/**
 * The tenant's live groups that `names` name (without case) or that hold the subject, with
 * whether they hold it; undefined while the tenant has no row at all (not even a deleted group).
 */
export async function directoryGroupsFor(
  tx: Executor,
  tenantId: string,
  subject: string,
  names: readonly string[],
): Promise<Array<{ id: string; name: string; permissions: string[]; member: boolean }> | undefined> {
  const holds = sql<boolean>`${subject} = any(${t.members})`;
  const rows = await tx
    .select({ id: t.groupId, name: t.name, permissions: t.permissions, member: holds })
    .from(t)
    .where(and(eq(t.tenantId, tenantId), eq(t.deleted, false), or(inArray(sql`lower(${t.name})`, names.map((n) => n.toLowerCase())), holds)));
  if (rows.length > 0) return rows;
  return (await anyRowOf(tx, tenantId)) ? [] : undefined;
}
