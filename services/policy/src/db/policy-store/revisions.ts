import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PolicyStatus } from '@agencyflow/contracts';
import { writeOutbox } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import type { MemberContent } from '../../domain/policy-content';
import { policies, policyMembers } from '../schema';
import type { Tx } from '../tx';
import { memberContactIdsOf, memberValues } from './members';
import { policyChangedEvent, policyDeletedEvent, type PolicyDeletion } from './events';

type NewPolicy = Omit<typeof policies.$inferInsert, 'id' | 'revision' | 'createdAt' | 'updatedAt' | 'updatedBy'>;

/**
 * A new policy with its members (protected fields encrypted, X-4), revision 1, and
 * policy-changed 'created' in the caller's transaction. Null when the tenant already has a
 * policy with that carrier and number.
 */
export async function insertPolicy(
  tx: Tx,
  cipher: FieldCipher,
  policy: NewPolicy,
  members: Array<MemberContent & { contactId: string | null }>,
) {
  const [inserted] = await tx
    .insert(policies)
    .values({ ...policy, updatedBy: policy.createdBy })
    .onConflictDoNothing()
    .returning();
  if (!inserted) return null;
  if (members.length > 0) {
    await tx
      .insert(policyMembers)
      .values(members.map(({ contactId, ...member }) => memberValues(cipher, { tenantId: policy.tenantId, policy: inserted, member, contactId })));
  }
  const memberContactIds = [...new Set(members.flatMap((m) => (m.contactId ? [m.contactId] : [])))].sort();
  await writeOutbox(tx, [
    policyChangedEvent(inserted, { change: 'created', previousStatus: null, memberContactIds, changedBy: policy.createdBy }),
  ]);
  return inserted;
}

/**
 * Deletes policies of a tenant (their members go by foreign key) and publishes policy-deleted
 * for each, in id order. Returns the deleted rows.
 */
export async function deletePolicies(tx: Tx, tenantId: string, policyIds: readonly string[], deletion: PolicyDeletion) {
  if (policyIds.length === 0) return [];
  const deleted = await tx
    .delete(policies)
    .where(and(eq(policies.tenantId, tenantId), inArray(policies.id, [...policyIds])))
    .returning();
  deleted.sort((a, b) => a.id.localeCompare(b.id));
  await writeOutbox(tx, deleted.map((p) => policyDeletedEvent(p, deletion)));
  return deleted;
}

type PolicyColumns = Partial<typeof policies.$inferInsert>;
type Change = Parameters<typeof policyChangedEvent>[1]['change'];

/**
 * Writes one change of a policy as its next revision and publishes `policy-changed` with it,
 * in the caller's transaction. Every single-policy change goes through here.
 */
export async function savePolicyRevision(
  tx: Tx,
  current: { id: string; status: PolicyStatus },
  columns: PolicyColumns,
  event: { change: Change; changedBy: string },
) {
  const [updated] = await tx
    .update(policies)
    .set({ ...columns, revision: sql`${policies.revision} + 1`, updatedBy: event.changedBy, updatedAt: new Date() })
    .where(eq(policies.id, current.id))
    .returning();
  const memberContactIds = await memberContactIdsOf(tx, [current.id]);
  await writeOutbox(tx, [
    policyChangedEvent(updated!, {
      change: event.change,
      previousStatus: current.status,
      memberContactIds: memberContactIds.get(current.id) ?? [],
      changedBy: event.changedBy,
    }),
  ]);
  return updated!;
}

/** The policy, locked for this transaction's change (FOR UPDATE), or undefined if the tenant has none with that id. */
export async function lockPolicy(tx: Tx, tenantId: string, policyId: string) {
  const [policy] = await tx
    .select()
    .from(policies)
    .where(and(eq(policies.tenantId, tenantId), eq(policies.id, policyId)))
    .for('update');
  return policy;
}

/** Up to `limit` of the tenant's policy ids, in id order, locked for deletion (a batch of a purge). */
export async function lockPoliciesOfTenant(tx: Tx, tenantId: string, limit: number): Promise<string[]> {
  const rows = await tx.select({ id: policies.id }).from(policies).where(eq(policies.tenantId, tenantId)).orderBy(policies.id).limit(limit).for('update');
  return rows.map((r) => r.id);
}
