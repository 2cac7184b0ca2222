import { and, asc, count, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import type { TenantGroup } from '@agencyflow/http';
import type { SecurityGroupRow } from '../db/security-group-store';
import { securityGroupMembers, securityGroups } from '../db/schema';

// A group's members, as the store reads them for its events.
export { membersOf } from '../db/security-group-store';

/** The tenant's groups by name (or the one group), with how many members each has. */
export const groupsOf = (db: Executor, tenantId: string, groupId?: string) =>
  db
    .select({
      id: securityGroups.id,
      name: securityGroups.name,
      permissions: securityGroups.permissions,
      createdAt: securityGroups.createdAt,
      updatedAt: securityGroups.updatedAt,
      memberCount: sql<number>`(select ${count()} from ${securityGroupMembers} m where m.group_id = ${securityGroups.id})::int`,
    })
    .from(securityGroups)
    .where(and(eq(securityGroups.tenantId, tenantId), groupId ? eq(securityGroups.id, groupId) : undefined))
    .orderBy(asc(sql`lower(${securityGroups.name})`));

export type SecurityGroupListing = Awaited<ReturnType<typeof groupsOf>>[number];

/** A group of this tenant, or undefined (another tenant's group answers like a missing one). */
export async function findGroup(db: Executor, tenantId: string, groupId: string): Promise<SecurityGroupRow | undefined> {
  const [group] = await db.select().from(securityGroups).where(and(eq(securityGroups.tenantId, tenantId), eq(securityGroups.id, groupId)));
  return group;
}

/** Whether another group of the tenant has this name (without case). */
export async function nameTaken(db: Executor, tenantId: string, name: string, exceptGroupId?: string): Promise<boolean> {
  const [taken] = await db
    .select({ id: securityGroups.id })
    .from(securityGroups)
    .where(and(eq(securityGroups.tenantId, tenantId), sql`lower(${securityGroups.name}) = lower(${name})`, exceptGroupId ? ne(securityGroups.id, exceptGroupId) : undefined));
  return taken !== undefined;
}

/**
 * The tenant's groups the subject is a member of or `names` name (without case), for resolving a
 * caller's permissions; undefined while the tenant has no groups yet (it resolves to the defaults).
 */
export async function groupsConcerning(db: Executor, tenantId: string, subject: string, names: readonly string[]): Promise<TenantGroup[] | undefined> {
  const member = sql<boolean>`exists (select 1 from ${securityGroupMembers} m where m.group_id = ${securityGroups.id} and m.subject = ${subject})`;
  const rows = await db
    .select({ id: securityGroups.id, name: securityGroups.name, permissions: securityGroups.permissions, member })
    .from(securityGroups)
    .where(and(eq(securityGroups.tenantId, tenantId), or(inArray(sql`lower(${securityGroups.name})`, names.map((n) => n.toLowerCase())), member)));
  if (rows.length > 0) return rows;
  const [any] = await db.select({ id: securityGroups.id }).from(securityGroups).where(eq(securityGroups.tenantId, tenantId)).limit(1);
  return any ? [] : undefined;
}
