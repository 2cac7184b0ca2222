import { and, desc, eq, sql } from 'drizzle-orm';
import { sqlOf, type Database, type Executor } from '@agencyflow/db';
import { salesRecordRuns } from '../db/schema';

export type RunRow = typeof salesRecordRuns.$inferSelect;

export async function findRun(db: Executor, tenantId: string, runId: string): Promise<RunRow | undefined> {
  const [run] = await db.select().from(salesRecordRuns).where(and(eq(salesRecordRuns.tenantId, tenantId), eq(salesRecordRuns.id, runId)));
  return run;
}

/** The tenant's runs, newest first, after the keyset (requested_at as PostgreSQL's text, id) of the previous page's last. */
export async function runsOf(db: Executor, tenantId: string, page: { limit: number; before?: { at: string; id: string } }) {
  const { before } = page;
  const rows = await db
    .select({ run: salesRecordRuns, at: sql<string>`${salesRecordRuns.requestedAt}::text` })
    .from(salesRecordRuns)
    .where(
      and(
        eq(salesRecordRuns.tenantId, tenantId),
        before && sql`(${salesRecordRuns.requestedAt}, ${salesRecordRuns.id}) < (${before.at}::timestamptz, ${before.id}::uuid)`,
      ),
    )
    .orderBy(desc(salesRecordRuns.requestedAt), desc(salesRecordRuns.id))
    .limit(page.limit);
  const last = rows.at(-1);
  return { runs: rows.map((r) => r.run), last: last && { at: last.at, id: last.run.id } };
}

const CSV_BATCH = 5000;

export interface RunIndividualLine {
  individualId: string;
  outcome: string | null;
  reason: string | null;
  salesRecordId: string | null;
  firstName: string | null;
  lastName: string | null;
}

/**
 * SR-6: a run's individuals with their outcome, by id, CSV_BATCH at a time (one short transaction
 * each). An individual's outcome is its own row's (skipped, failed; every outcome of pages decided
 * before decision 0041), else `created` once its page is decided (the page's row), else pending;
 * its record, and the names it shows, come by the (tenant, individual) link.
 */
export async function* runIndividuals(database: Database, runId: string): AsyncGenerator<RunIndividualLine[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await database.db.transaction((tx) =>
      sqlOf(tx)<RunIndividualLine[]>`
        select ri.individual_id as "individualId",
          coalesce(ri.outcome, case when p.decided then 'created' end) as outcome,
          ri.reason,
          case when ri.outcome is not null or p.decided then l.id end as "salesRecordId",
          l.first_name as "firstName", l.last_name as "lastName"
        from sales_record_run_individuals ri
          left join lateral (
            select p.after_individual_id < ri.individual_id as decided from sales_record_run_pages p
            where p.run_id = ri.run_id and p.through_individual_id >= ri.individual_id
            order by p.through_individual_id limit 1
          ) p on true
          left join sales_records l on l.tenant_id = ri.tenant_id and l.individual_id = ri.individual_id
        where ri.run_id = ${runId} and ri.individual_id > ${after}::uuid
        order by ri.individual_id limit ${CSV_BATCH}`,
    );
    if (rows.length > 0) yield rows;
    if (rows.length < CSV_BATCH) return;
    after = rows.at(-1)!.individualId;
  }
}

/** How an outcome reads in the outcomes CSV: created, skipped: already linked, failed: reason. */
export const outcomeText = (line: RunIndividualLine): string =>
  line.outcome === null ? 'pending' : line.outcome === 'created' ? 'created' : `${line.outcome}: ${line.reason ?? ''}`;

