import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
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

type Window = { since?: string | undefined; until?: string | undefined; limit: number; before?: { createdAt: string; id: string } | undefined };
const keysetText = (column: SQL | typeof agentCrmBusinesses.createdAt | typeof policySyncRuns.startedAt) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The FMO's businesses, newest first by the unique keyset (created_at, id): provisioning jobs and their outcome. */
export async function listBusinesses(db: Executor, fmoTenantId: string, query: Window & { state?: 'provisioning' | 'active' | undefined }) {
  const t = agentCrmBusinesses;
  const filters: SQL[] = [eq(t.fmoTenantId, fmoTenantId)];
  if (query.state) filters.push(eq(t.state, query.state));
  if (query.since) filters.push(gte(t.createdAt, new Date(query.since)));
  if (query.until) filters.push(lt(t.createdAt, new Date(query.until)));
  if (query.before) filters.push(sql`(${t.createdAt}, ${t.id}) < (${query.before.createdAt}::timestamptz, ${query.before.id}::uuid)`);
  const rows = await db.select({ business: t, keyset: keysetText(t.createdAt) }).from(t).where(and(...filters)).orderBy(desc(t.createdAt), desc(t.id)).limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items: items.map((r) => r.business), next: rows.length > query.limit && last ? { createdAt: last.keyset, id: last.business.id } : null };
}

/** Policy sync runs of the FMO's businesses, newest first by the unique keyset (started_at, run id). */
export async function listSyncRuns(
  db: Executor,
  fmoTenantId: string,
  query: Window & { state?: 'running' | 'completed' | 'skipped' | 'failed' | undefined; businessId?: string | undefined },
) {
  const r = policySyncRuns;
  const filters: SQL[] = [eq(agentCrmBusinesses.fmoTenantId, fmoTenantId)];
  if (query.state) filters.push(eq(r.state, query.state));
  if (query.businessId) filters.push(eq(r.businessId, query.businessId));
  if (query.since) filters.push(gte(r.startedAt, new Date(query.since)));
  if (query.until) filters.push(lt(r.startedAt, new Date(query.until)));
  if (query.before) filters.push(sql`(${r.startedAt}, ${r.runId}) < (${query.before.createdAt}::timestamptz, ${query.before.id}::uuid)`);
  const rows = await db
    .select({ run: r, keyset: keysetText(r.startedAt) })
    .from(r)
    .innerJoin(agentCrmBusinesses, eq(agentCrmBusinesses.id, r.businessId))
    .where(and(...filters))
    .orderBy(desc(r.startedAt), desc(r.runId))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items: items.map((x) => x.run), next: rows.length > query.limit && last ? { createdAt: last.keyset, id: last.run.runId } : null };
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
