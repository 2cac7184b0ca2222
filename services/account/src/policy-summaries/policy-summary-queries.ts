import { and, arrayContains, asc, count, desc, eq, or } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { policySummaries } from '../db/schema';

/** What the 360 views show of a policy (ACC-9). */
const policyColumns = {
  policyId: policySummaries.policyId,
  carrier: policySummaries.carrier,
  policyNumber: policySummaries.policyNumber,
  coverageType: policySummaries.coverageType,
  status: policySummaries.status,
  effectiveDate: policySummaries.effectiveDate,
  renewalDate: policySummaries.renewalDate,
  premium: policySummaries.premium,
  policyholderContactId: policySummaries.policyholderContactId,
};

/** Active, not deleted policies of an account, from the policy read model. */
export async function countActivePolicies(db: Executor, tenantId: string, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(policySummaries)
    .where(
      and(
        eq(policySummaries.tenantId, tenantId),
        eq(policySummaries.accountId, accountId),
        eq(policySummaries.deleted, false),
        eq(policySummaries.status, 'active'),
      ),
    );
  return row?.n ?? 0;
}

/** An account's policies, latest effective first. */
export const policiesOfAccount = (db: Executor, tenantId: string, accountId: string) =>
  db
    .select(policyColumns)
    .from(policySummaries)
    .where(and(eq(policySummaries.tenantId, tenantId), eq(policySummaries.accountId, accountId), eq(policySummaries.deleted, false)))
    .orderBy(desc(policySummaries.effectiveDate), asc(policySummaries.policyId));

/** A contact's policies, as policyholder and as member, latest effective first. */
export const policiesOfContact = (db: Executor, tenantId: string, contactId: string) =>
  db
    .select(policyColumns)
    .from(policySummaries)
    .where(
      and(
        eq(policySummaries.tenantId, tenantId),
        eq(policySummaries.deleted, false),
        // Only the contact's rows, found by index: `@>` (not `= any(...)`) so a GIN index on
        // member_contact_ids answers the member arm and one on (tenant_id,
        // policyholder_contact_id) the policyholder arm (a BitmapOr of the two).
        or(eq(policySummaries.policyholderContactId, contactId), arrayContains(policySummaries.memberContactIds, [contactId])),
      ),
    )
    .orderBy(desc(policySummaries.effectiveDate), asc(policySummaries.policyId));

/** The policies a contact deletion touches (ACC-3/4/5): the whole account's with its last contact, else those the contact holds. */
export const policiesTouchedByDeletion = (db: Executor, tenantId: string, deletion: { accountId: string; contactId: string; deletesAccount: boolean }) =>
  db
    .select()
    .from(policySummaries)
    .where(
      deletion.deletesAccount
        ? and(eq(policySummaries.tenantId, tenantId), eq(policySummaries.accountId, deletion.accountId), eq(policySummaries.deleted, false))
        : and(eq(policySummaries.tenantId, tenantId), eq(policySummaries.policyholderContactId, deletion.contactId), eq(policySummaries.deleted, false)),
    );
