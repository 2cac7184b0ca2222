import { and, asc, eq, exists, or, sql, type SQL } from 'drizzle-orm';
import type { CoverageType, PolicyStatus } from '@agencyflow/contracts';
import type { Database, Executor } from '@agencyflow/db';
import { policies, policyMembers } from '../db/schema';
import { membersOf, type MemberRow } from '../db/policy-store';

export type PolicyRow = typeof policies.$inferSelect;
export interface PolicyWithMembers {
  policy: PolicyRow;
  members: MemberRow[];
}

/** A policy of this tenant, or undefined: another tenant's policy is indistinguishable from none. */
export async function getPolicy(database: Database, tenantId: string, policyId: string): Promise<PolicyWithMembers | undefined> {
  return database.db.transaction(async (db) => {
    const [policy] = await db
      .select()
      .from(policies)
      .where(and(eq(policies.tenantId, tenantId), eq(policies.id, policyId)));
    if (!policy) return undefined;
    const members = await membersOf(db, tenantId, [policy.id]);
    return { policy, members: members.get(policy.id) ?? [] };
  });
}

export interface PolicyFilter {
  accountId?: string | undefined;
  /** The policyholder, or any member linked to the contact. */
  contactId?: string | undefined;
  status?: PolicyStatus | undefined;
  coverageType?: CoverageType | undefined;
  writingAgentNpn?: string | undefined;
}

/** Keyset position: the last (carrier, policy number) of the previous page. */
export type PolicyCursor = [carrier: string, policyNumber: string];

/** A page of the tenant's policies in (carrier, policy number) order. */
export async function listPolicies(
  database: Database,
  tenantId: string,
  filter: PolicyFilter,
  page: { limit: number; after?: PolicyCursor | undefined },
): Promise<{ items: PolicyWithMembers[]; next: PolicyCursor | null }> {
  return database.db.transaction((db) => policyPage(db, tenantId, filter, page));
}

async function policyPage(
  db: Executor,
  tenantId: string,
  filter: PolicyFilter,
  page: { limit: number; after?: PolicyCursor | undefined },
): Promise<{ items: PolicyWithMembers[]; next: PolicyCursor | null }> {
  const conditions: SQL[] = [eq(policies.tenantId, tenantId)];
  if (filter.accountId) conditions.push(eq(policies.accountId, filter.accountId));
  if (filter.status) conditions.push(eq(policies.status, filter.status));
  if (filter.coverageType) conditions.push(eq(policies.coverageType, filter.coverageType));
  if (filter.writingAgentNpn) conditions.push(eq(policies.writingAgentNpn, filter.writingAgentNpn));
  if (filter.contactId) {
    const memberLink = db
      .select({ one: sql`1` })
      .from(policyMembers)
      .where(
        and(
          eq(policyMembers.policyId, policies.id),
          eq(policyMembers.tenantId, tenantId),
          eq(policyMembers.contactId, filter.contactId),
        ),
      );
    conditions.push(or(eq(policies.policyholderContactId, filter.contactId), exists(memberLink))!);
  }
  if (page.after) conditions.push(sql`(${policies.carrier}, ${policies.policyNumber}) > (${page.after[0]}, ${page.after[1]})`);

  const rows = await db
    .select()
    .from(policies)
    .where(and(...conditions))
    .orderBy(asc(policies.carrier), asc(policies.policyNumber))
    .limit(page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  const members = await membersOf(db, tenantId, pageRows.map((p) => p.id));
  const last = pageRows.at(-1);
  return {
    items: pageRows.map((policy) => ({ policy, members: members.get(policy.id) ?? [] })),
    next: rows.length > page.limit && last ? [last.carrier, last.policyNumber] : null,
  };
}
