import { and, asc, eq, sql } from 'drizzle-orm';
import { buildEvent, seededSecurityGroups, securityGroupChangedV1, type EventData, type Permission } from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type Executor } from '@agencyflow/db';
import { securityGroupMembers, securityGroups } from './schema';

/**
 * The security group store: the only writer of a tenant's security groups and their members
 * (security_groups, security_group_members) and of their events (X-3, decision 0024). Every
 * change takes the tenant's group lock first (`lockTenantGroups`), so checks across the tenant's
 * groups (a unique name, the last group that may manage groups) hold until it commits, and each
 * change writes the group's whole state, members included, with its next revision.
 */

export type SecurityGroupRow = typeof securityGroups.$inferSelect;
export type SecurityGroupMemberRow = typeof securityGroupMembers.$inferSelect;
type Change = EventData<typeof securityGroupChangedV1>['change'];

/** Serialises the changes to one tenant's groups until the transaction ends. */
export async function lockTenantGroups(tx: Executor, tenantId: string): Promise<void> {
  await sqlOf(tx)`select pg_advisory_xact_lock(hashtextextended(${`security-groups:${tenantId}`}, 0))`;
}

export const membersOf = (tx: Executor, groupId: string) =>
  tx.select().from(securityGroupMembers).where(eq(securityGroupMembers.groupId, groupId)).orderBy(asc(securityGroupMembers.subject));

async function groupChanged(tx: Executor, group: SecurityGroupRow, change: Change, actor: string, deleted = false) {
  const members = deleted ? [] : (await membersOf(tx, group.id)).map((m) => m.subject);
  return buildEvent(securityGroupChangedV1, {
    tenantId: group.tenantId,
    aggregateId: group.id,
    data: { groupId: group.id, name: group.name, permissions: group.permissions, members, revision: group.revision, deleted, change, changedBy: actor },
  });
}

/**
 * The default groups, the first time the tenant's groups are used (with their fixed ids, so the
 * other services' read models assumed the same ones). Call with the tenant's group lock held.
 */
export async function seedTenantGroups(tx: Executor, tenantId: string, actor: string): Promise<void> {
  const [any] = await tx.select({ id: securityGroups.id }).from(securityGroups).where(eq(securityGroups.tenantId, tenantId)).limit(1);
  if (any) return;
  const seeded = await tx
    .insert(securityGroups)
    .values(seededSecurityGroups(tenantId).map((g) => ({ id: g.id, tenantId, name: g.name, permissions: [...g.permissions], createdBy: actor })))
    .onConflictDoNothing()
    .returning();
  await writeOutbox(tx, await Promise.all(seeded.map((group) => groupChanged(tx, group, 'seeded', actor))));
}

export async function insertSecurityGroup(
  tx: Executor,
  tenantId: string,
  group: { name: string; permissions: Permission[] },
  actor: string,
): Promise<SecurityGroupRow> {
  const [row] = await tx.insert(securityGroups).values({ ...group, tenantId, createdBy: actor }).returning();
  await writeOutbox(tx, [await groupChanged(tx, row!, 'created', actor)]);
  return row!;
}

export async function updateSecurityGroup(
  tx: Executor,
  group: SecurityGroupRow,
  change: { name?: string; permissions?: Permission[] },
  actor: string,
): Promise<SecurityGroupRow> {
  const [row] = await tx
    .update(securityGroups)
    .set({ ...change, revision: sql`${securityGroups.revision} + 1`, updatedAt: sql`now()` })
    .where(eq(securityGroups.id, group.id))
    .returning();
  await writeOutbox(tx, [await groupChanged(tx, row!, 'updated', actor)]);
  return row!;
}

/** Removes the group with its members; its event (deleted, no members) has the next revision. */
export async function deleteSecurityGroup(tx: Executor, group: SecurityGroupRow, actor: string): Promise<void> {
  await tx.delete(securityGroups).where(eq(securityGroups.id, group.id));
  await writeOutbox(tx, [await groupChanged(tx, { ...group, revision: group.revision + 1 }, 'deleted', actor, true)]);
}

const bumpRevision = async (tx: Executor, groupId: string) =>
  (await tx.update(securityGroups).set({ revision: sql`${securityGroups.revision} + 1`, updatedAt: sql`now()` }).where(eq(securityGroups.id, groupId)).returning())[0]!;

/** The subject joins the group; false when it is a member already (nothing written). */
export async function insertSecurityGroupMember(tx: Executor, group: SecurityGroupRow, subject: string, actor: string): Promise<boolean> {
  const [added] = await tx
    .insert(securityGroupMembers)
    .values({ groupId: group.id, tenantId: group.tenantId, subject, addedBy: actor })
    .onConflictDoNothing()
    .returning();
  if (!added) return false;
  await writeOutbox(tx, [await groupChanged(tx, await bumpRevision(tx, group.id), 'member-added', actor)]);
  return true;
}

/** The subject leaves the group; false when it was not a member. */
export async function deleteSecurityGroupMember(tx: Executor, group: SecurityGroupRow, subject: string, actor: string): Promise<boolean> {
  const [removed] = await tx
    .delete(securityGroupMembers)
    .where(and(eq(securityGroupMembers.groupId, group.id), eq(securityGroupMembers.subject, subject)))
    .returning();
  if (!removed) return false;
  await writeOutbox(tx, [await groupChanged(tx, await bumpRevision(tx, group.id), 'member-removed', actor)]);
  return true;
}
