import { and, desc, eq } from 'drizzle-orm';
import { sqlOf, type Executor } from '@agencyflow/db';
import type { BusinessRow } from '../db/business-store';
import { agentCrmBusinesses, policySyncRuns } from '../db/schema';

// A business's users, as the business store reads them for its events.
export { usersOf } from '../db/business-store';

/** A business of this FMO, or undefined (another FMO's business answers like a missing one). */
export async function findBusiness(db: Executor, fmoTenantId: string, businessId: string): Promise<BusinessRow | undefined> {
  const [business] = await db
    .select()
    .from(agentCrmBusinesses)
    .where(and(eq(agentCrmBusinesses.fmoTenantId, fmoTenantId), eq(agentCrmBusinesses.id, businessId)));
  return business;
}

export const runsOf = (db: Executor, businessId: string) =>
  db.select().from(policySyncRuns).where(eq(policySyncRuns.businessId, businessId)).orderBy(desc(policySyncRuns.startedAt)).limit(50);

/** Which of these emails some Agent CRM user already has (case-insensitive). */
export async function emailsInUse(db: Executor, emails: string[]): Promise<string[]> {
  if (emails.length === 0) return [];
  // Emails are unique across every FMO, which row-level security hides from the caller: the
  // database function (migration 0005) looks at all of them and answers only which are taken.
  const lowered = emails.map((e) => e.toLowerCase());
  const rows = await sqlOf(db)<{ email: string }[]>`select agent_crm_emails_in_use(${lowered}::text[]) as email`;
  return rows.map((r) => r.email);
}
