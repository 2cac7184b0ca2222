import { and, desc, eq, type SQL } from 'drizzle-orm';
import { keysetText, newestFirstFilters, newestFirstPage, sqlOf, type Executor, type NewestFirstWindow } from '@agencyflow/db';
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


/** The FMO's businesses, newest first by the unique keyset (created_at, id): provisioning jobs and their outcome. */
export async function listBusinesses(db: Executor, fmoTenantId: string, query: NewestFirstWindow & { state?: 'provisioning' | 'active' | undefined }) {
  const t = agentCrmBusinesses;
  const filters: SQL[] = [eq(t.fmoTenantId, fmoTenantId), ...newestFirstFilters(t.createdAt, t.id, query)];
  if (query.state) filters.push(eq(t.state, query.state));
  const rows = await db.select({ row: t, keyset: keysetText(t.createdAt) }).from(t).where(and(...filters)).orderBy(desc(t.createdAt), desc(t.id)).limit(query.limit + 1);
  return newestFirstPage(rows, query.limit);
}

/** Policy sync runs of the FMO's businesses, newest first by the unique keyset (started_at, run id). */
export async function listSyncRuns(
  db: Executor,
  fmoTenantId: string,
  query: NewestFirstWindow & { state?: 'running' | 'completed' | 'skipped' | 'failed' | undefined; businessId?: string | undefined },
) {
  const r = policySyncRuns;
  const filters: SQL[] = [eq(agentCrmBusinesses.fmoTenantId, fmoTenantId), ...newestFirstFilters(r.startedAt, r.runId, query)];
  if (query.state) filters.push(eq(r.state, query.state));
  if (query.businessId) filters.push(eq(r.businessId, query.businessId));
  const rows = await db
    .select({ row: r, keyset: keysetText(r.startedAt) })
    .from(r)
    .innerJoin(agentCrmBusinesses, eq(agentCrmBusinesses.id, r.businessId))
    .where(and(...filters))
    .orderBy(desc(r.startedAt), desc(r.runId))
    .limit(query.limit + 1);
  return newestFirstPage(rows, query.limit, (run) => run.runId);
}

/** One sync run of the FMO's businesses, or undefined. */
export async function findSyncRun(db: Executor, fmoTenantId: string, runId: string) {
  const [row] = await db
    .select({ run: policySyncRuns })
    .from(policySyncRuns)
    .innerJoin(agentCrmBusinesses, eq(agentCrmBusinesses.id, policySyncRuns.businessId))
    .where(and(eq(agentCrmBusinesses.fmoTenantId, fmoTenantId), eq(policySyncRuns.runId, runId)));
  return row?.run;
}
