import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { carrierFeedImportWorkflowId } from '@agencyflow/contracts';
import { keysetText, newestFirstFilters, newestFirstPage, type Database, type Executor, type NewestFirstWindow } from '@agencyflow/db';
import { carrierFeedImportPolicies, carrierFeedImportRows, carrierFeedImports, importStates } from '../db/schema';
import { policyOutcomeCodes } from './feed-page-writer';

type ImportRecord = typeof carrierFeedImports.$inferSelect;
export type ImportState = (typeof importStates)[number];

export interface Rejection {
  row: number;
  reason: string;
}

/** The rejections an import's JSON lists; all of them are in its rejections CSV. */
export const LISTED_REJECTIONS = 100;

const importPath = (id: string) => `/carrier-feeds/${id}`;

/**
 * An import as a job (decision 0033): state, counts, progress (percent, rate since the upload
 * arrived, estimated time left), the first rejections (row number and reason, never a cell's
 * value) and where to follow it. Policy counts grow while it runs (each policy counted once).
 */
export async function importView(db: Executor, record: ImportRecord, listedRejections = LISTED_REJECTIONS) {
  const [rejections, policies] = await Promise.all([
    db
      .select({ row: carrierFeedImportRows.row, reason: carrierFeedImportRows.reason })
      .from(carrierFeedImportRows)
      .where(and(eq(carrierFeedImportRows.importId, record.id), eq(carrierFeedImportRows.outcome, 'rejected')))
      .orderBy(asc(carrierFeedImportRows.row))
      .limit(listedRejections),
    record.state === 'completed' || record.state === 'failed'
      ? { inserted: record.policiesInserted, updated: record.policiesUpdated, unchanged: record.policiesUnchanged }
      : policyCountsSoFar(db, record.id),
  ]);
  const finished = record.finishedAt ?? new Date();
  const seconds = Math.max((finished.getTime() - record.startedAt.getTime()) / 1000, 0.001);
  const rowsPerSecond = record.rowsDone / seconds;
  const left = record.rowsTotal - record.rowsDone;
  return {
    importId: record.id,
    kind: 'carrier-feed-import' as const,
    state: record.state,
    format: record.format,
    importedBy: record.importedBy,
    startedAt: record.startedAt.toISOString(),
    finishedAt: record.finishedAt?.toISOString() ?? null,
    progress: {
      rowsTotal: record.rowsTotal,
      rowsDone: record.rowsDone,
      percent: record.rowsTotal === 0 ? 100 : Math.floor((record.rowsDone * 100) / record.rowsTotal),
      rowsPerSecond: Math.round(rowsPerSecond),
      estimatedSecondsLeft: left === 0 ? 0 : rowsPerSecond > 0 ? Math.ceil(left / rowsPerSecond) : null,
    },
    rows: { total: record.rowsTotal, valid: record.rowsValid, rejected: record.rowsRejected },
    policies,
    members: { inserted: record.membersInserted, updated: record.membersUpdated, unchanged: record.membersUnchanged },
    rejections: rejections.map((r) => ({ row: r.row, reason: r.reason ?? '' })),
    rejectionsOmitted: record.rowsRejected - rejections.length,
    ignoredColumns: record.ignoredColumns,
    failure: record.failure,
    workflowId: carrierFeedImportWorkflowId(record.tenantId, record.id),
    links: {
      self: importPath(record.id),
      rejections: `${importPath(record.id)}/rejections.csv`,
      outcomes: `${importPath(record.id)}/outcomes.csv`,
    },
  };
}

export type ImportView = Awaited<ReturnType<typeof importView>>;

async function policyCountsSoFar(db: Executor, importId: string) {
  const [counts] = await db
    .select({
      inserted: sql<number>`count(*) filter (where ${carrierFeedImportPolicies.outcome} = ${policyOutcomeCodes.inserted})::int`,
      updated: sql<number>`count(*) filter (where ${carrierFeedImportPolicies.outcome} = ${policyOutcomeCodes.updated})::int`,
      unchanged: sql<number>`count(*) filter (where ${carrierFeedImportPolicies.outcome} = ${policyOutcomeCodes.unchanged})::int`,
    })
    .from(carrierFeedImportPolicies)
    .where(eq(carrierFeedImportPolicies.importId, importId));
  return counts ?? { inserted: 0, updated: 0, unchanged: 0 };
}

export async function findImport(db: Executor, tenantId: string, importId: string): Promise<ImportRecord | undefined> {
  const [record] = await db.select().from(carrierFeedImports).where(and(eq(carrierFeedImports.tenantId, tenantId), eq(carrierFeedImports.id, importId)));
  return record;
}

/**
 * A page of the tenant's imports, newest first, by the unique keyset (started_at, id); filters by
 * state and by when the upload arrived. started_at is read as text to keep its microseconds.
 */
export async function listImports(
  db: Executor,
  tenantId: string,
  query: NewestFirstWindow & { state?: ImportState | undefined },
) {
  const filters: SQL[] = [eq(carrierFeedImports.tenantId, tenantId), ...newestFirstFilters(carrierFeedImports.startedAt, carrierFeedImports.id, query)];
  if (query.state) filters.push(eq(carrierFeedImports.state, query.state));
  const rows = await db
    .select({ row: carrierFeedImports, keyset: keysetText(carrierFeedImports.startedAt) })
    .from(carrierFeedImports)
    .where(and(...filters))
    .orderBy(desc(carrierFeedImports.startedAt), desc(carrierFeedImports.id))
    .limit(query.limit + 1);
  return newestFirstPage(rows, query.limit);
}

const CSV_BATCH = 5000;

export interface ImportRowLine {
  row: number;
  outcome: string | null;
  reason: string | null;
  policyId: string | null;
}

/**
 * The import's rows in row order, in batches (each its own short transaction, as the tenant), for
 * the rejections and outcomes CSVs: row numbers, outcomes, reasons and policy ids, never a cell.
 * A row still waiting for its page has no outcome yet.
 */
export async function* importRowLines(database: Database, importId: string, onlyRejected: boolean): AsyncGenerator<ImportRowLine[]> {
  let after = 0;
  for (;;) {
    const rows: ImportRowLine[] = await database.db.transaction((tx) =>
      tx
        .select({ row: carrierFeedImportRows.row, outcome: carrierFeedImportRows.outcome, reason: carrierFeedImportRows.reason, policyId: carrierFeedImportRows.policyId })
        .from(carrierFeedImportRows)
        .where(
          and(
            eq(carrierFeedImportRows.importId, importId),
            sql`${carrierFeedImportRows.row} > ${after}`,
            onlyRejected ? eq(carrierFeedImportRows.outcome, 'rejected') : undefined,
          ),
        )
        .orderBy(asc(carrierFeedImportRows.row))
        .limit(CSV_BATCH),
    );
    if (rows.length > 0) yield rows;
    if (rows.length < CSV_BATCH) return;
    after = rows.at(-1)!.row;
  }
}

/** By id alone, as the transaction's tenants (row-level security keeps others' imports out). */
export async function findImportAnyTenant(db: Executor, importId: string): Promise<ImportRecord | undefined> {
  const [record] = await db.select().from(carrierFeedImports).where(eq(carrierFeedImports.id, importId));
  return record;
}
