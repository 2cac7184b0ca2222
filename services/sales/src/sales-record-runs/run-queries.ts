import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Database, Executor } from '@agencyflow/db';
import { salesRecordRunIndividuals, salesRecordRuns, salesRecords } from '../db/schema';

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

/** SR-6: a run's individuals with their outcome, by id, CSV_BATCH at a time (one short transaction each). */
export async function* runIndividuals(database: Database, runId: string): AsyncGenerator<RunIndividualLine[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await database.db.transaction((tx) =>
      tx
        .select({
          individualId: salesRecordRunIndividuals.individualId,
          outcome: salesRecordRunIndividuals.outcome,
          reason: salesRecordRunIndividuals.reason,
          salesRecordId: salesRecordRunIndividuals.salesRecordId,
          firstName: salesRecords.firstName,
          lastName: salesRecords.lastName,
        })
        .from(salesRecordRunIndividuals)
        .leftJoin(salesRecords, and(eq(salesRecords.id, salesRecordRunIndividuals.salesRecordId), eq(salesRecords.tenantId, salesRecordRunIndividuals.tenantId)))
        .where(and(eq(salesRecordRunIndividuals.runId, runId), after === undefined ? undefined : gt(salesRecordRunIndividuals.individualId, after)))
        .orderBy(asc(salesRecordRunIndividuals.individualId))
        .limit(CSV_BATCH),
    );
    if (rows.length > 0) yield rows;
    if (rows.length < CSV_BATCH) return;
    after = rows.at(-1)!.individualId;
  }
}

/** How an outcome reads in the outcomes CSV: created, skipped: already linked, failed: reason. */
export const outcomeText = (line: RunIndividualLine): string =>
  line.outcome === null ? 'pending' : line.outcome === 'created' ? 'created' : `${line.outcome}: ${line.reason ?? ''}`;

