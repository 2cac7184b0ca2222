import type { Readable } from 'node:stream';
import type { PendingQuery, Row } from 'postgres';
import { pipeline } from 'node:stream/promises';
import {
  buildEvent,
  salesRecordRunCompletedV1,
  salesRecordRunProgressedV1,
  salesRecordRunRequestedV1,
  salesRecordSourceColumns,
  type SalesRecordPageInput,
  type SalesRecordPageResult,
  type SalesRecordRunPagePlanInput,
} from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type Executor } from '@agencyflow/db';

/**
 * The sales-record run store: the only writer of `sales_record_runs`, of the runs' snapshots
 * (`sales_record_run_individuals`) and of the records a run makes (`sales_records`, set-based).
 * Every write is one transaction of a few set-based statements with its coarse event (X-2).
 */

/** Loads a stream of ids (COPY text, one uuid a line) into the temporary table `matched_individuals` of this transaction. */
export async function loadMatchedIndividuals(tx: Executor, ids: Readable): Promise<void> {
  const sql = sqlOf(tx);
  await sql`create temp table matched_individuals (individual_id uuid primary key) on commit drop`;
  await pipeline(ids, await sql`copy matched_individuals from stdin`.writable());
  await sql`analyze matched_individuals`;
}

/** SR-2/SR-3: of the loaded matches, how many there are and how many already have a linked sales record. */
export async function countMatchedIndividuals(tx: Executor, tenantId: string): Promise<{ matched: number; alreadyLinked: number }> {
  return countLinked(tx, tenantId, sqlOf(tx)`select individual_id from matched_individuals`);
}

/** SR-2: of a run's snapshot, how many individuals there are and how many already have a linked sales record. */
export async function countRunSnapshot(tx: Executor, tenantId: string, runId: string): Promise<{ matched: number; alreadyLinked: number }> {
  return countLinked(tx, tenantId, sqlOf(tx)`select individual_id from sales_record_run_individuals where run_id = ${runId}`);
}

/** How many `individuals` (a statement part yielding individual_id) there are, and how many have a linked record. */
async function countLinked(tx: Executor, tenantId: string, individuals: PendingQuery<Row[]>) {
  const [counts] = await sqlOf(tx)<{ matched: number; already_linked: number }[]>`
    select count(*)::int as matched,
      count(*) filter (where exists (
        select 1 from sales_records r where r.tenant_id = ${tenantId} and r.individual_id = m.individual_id))::int as already_linked
    from (${individuals}) m`;
  return { matched: counts?.matched ?? 0, alreadyLinked: counts?.already_linked ?? 0 };
}

export interface NewRun {
  id: string;
  tenantId: string;
  salesRecordTypeId: string;
  salesRecordTypeName: string;
  criteria: Record<string, unknown> | null;
  savedSearchId: string | null;
  savedSearchName: string | null;
  requestedBy: string;
  workflowId: string;
  pageSize: number | null;
  matched: number;
}

/**
 * SR-2: the run, with the event its workflow starts from (decision 0020); its snapshot follows
 * (copyRunSnapshot) in the same transaction. False when the run exists already (a repeated
 * confirm): nothing is written.
 */
export async function insertRun(tx: Executor, run: NewRun): Promise<boolean> {
  const sql = sqlOf(tx);
  const inserted = await sql`
    insert into sales_record_runs (id, tenant_id, sales_record_type_id, sales_record_type_name, criteria, saved_search_id, saved_search_name,
      requested_by, workflow_id, page_size, matched)
    values (${run.id}, ${run.tenantId}, ${run.salesRecordTypeId}, ${run.salesRecordTypeName}, ${run.criteria === null ? null : JSON.stringify(run.criteria)}::jsonb,
      ${run.savedSearchId}, ${run.savedSearchName}, ${run.requestedBy}, ${run.workflowId}, ${run.pageSize}, ${run.matched})
    on conflict (id) do nothing
    returning id`;
  if (inserted.length === 0) return false;
  await writeOutbox(tx, [
    buildEvent(salesRecordRunRequestedV1, {
      tenantId: run.tenantId,
      aggregateId: run.id,
      data: {
        runId: run.id,
        salesRecordTypeId: run.salesRecordTypeId,
        savedSearchId: run.savedSearchId,
        savedSearchName: run.savedSearchName,
        matched: run.matched,
        requestedBy: run.requestedBy,
        ...(run.pageSize ? { pageSize: run.pageSize } : {}),
      },
    }),
  ]);
  return true;
}

/**
 * SR-2: the run's snapshot, fixed at confirm: the stream of ids (COPY text, one a line) into a bare
 * temporary table, then into the run's rows by one INSERT (PostgreSQL refuses COPY into a table with
 * row-level security); how many individuals it holds. No key, statistics or count on the way: the
 * snapshot's primary key refuses a duplicate, and the insert counts.
 */
export async function copyRunSnapshot(tx: Executor, run: { id: string; tenantId: string }, ids: Readable): Promise<number> {
  const sql = sqlOf(tx);
  await sql`create temp table snapshot_ids (individual_id uuid) on commit drop`;
  await pipeline(ids, await sql`copy snapshot_ids from stdin`.writable());
  const inserted = await sql`
    insert into sales_record_run_individuals (run_id, individual_id, tenant_id)
    select ${run.id}, individual_id, ${run.tenantId} from snapshot_ids order by individual_id`;
  return inserted.count;
}

/** Where a page's sources come from: the account service (see account-individuals.ts in the runs slice). */
export type OpenSources = (ids: string[]) => Promise<Readable>;

const sourceColumns = salesRecordSourceColumns.map(([name]) => name);
const carried = sourceColumns.filter((name) => name !== 'individual_id' && name !== 'assignee_user_id' && name !== 'custom_fields');

const FIRST_ID = '00000000-0000-0000-0000-000000000000';
const LAST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const NOT_FOUND = 'individual not found (deleted since the run was confirmed)';
const ALREADY_LINKED = 'already linked';

/**
 * SR-3/SR-4: decides one page of a run's snapshot, the individuals with id > after (`limit` of
 * them, through `through` when planned), in the caller's transaction:
 * - the page is locked (a transaction-scoped advisory lock on the run and the page's start):
 *   attempts of one page take turns (a retry overlapping a slow first attempt waits, then finds the
 *   page decided: its row in sales_record_run_pages), while other pages of the run, disjoint, are
 *   decided side by side;
 * - the page's individuals' fields stream from the account service into a temporary table (COPY,
 *   protected fields as the ciphertext they are);
 * - one statement inserts their sales records, ON CONFLICT on the (tenant, individual) link doing
 *   nothing, and writes an outcome row for each one it did not create: skipped (already linked:
 *   by an earlier run, or by a concurrent one, whose insert this one waited for) or failed (not
 *   found). The created need no row (decision 0041): the link names their record;
 * - the page's row, the run's counters and one coarse event for the page.
 */
export async function decideRunPage(
  tx: Executor,
  input: SalesRecordPageInput,
  openSources: OpenSources,
): Promise<SalesRecordPageResult> {
  const sql = sqlOf(tx);
  const { tenantId, runId } = input;
  const after = input.after ?? FIRST_ID;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`sales-record-run-page:${runId}:${after}`}, 0))`;
  const [run] = await sql<{ sales_record_type_id: string; requested_by: string }[]>`
    select sales_record_type_id, requested_by from sales_record_runs where tenant_id = ${tenantId} and id = ${runId}`;
  if (!run) throw new Error(`no sales-record run ${runId} in the tenant`);
  const [decidedBefore] = await sql<{ processed: number; created: number; skipped: number; failed: number; through: string }[]>`
    select processed, created, skipped, failed, through_individual_id as through from sales_record_run_pages
    where run_id = ${runId} and after_individual_id = ${after}::uuid`;
  if (decidedBefore) return decidedBefore;
  const page = await sql<{ individual_id: string; outcome: 'created' | 'skipped' | 'failed' | null }[]>`
    select individual_id, outcome from sales_record_run_individuals
    where run_id = ${runId} and individual_id > ${after}::uuid and individual_id <= ${input.through ?? LAST_ID}::uuid
    order by individual_id limit ${input.limit}`;
  const result: SalesRecordPageResult = { processed: page.length, created: 0, skipped: 0, failed: 0, through: page.at(-1)?.individual_id ?? null };
  // Rows with an outcome were decided before decision 0041, one row each: their page is done.
  for (const row of page) if (row.outcome) result[row.outcome] += 1;
  const open = page.filter((row) => row.outcome === null).map((row) => row.individual_id);
  if (open.length === 0) return result;

  // A primary key on the sources: the statement below finds each individual's row by index.
  await sql.unsafe(`create temp table record_sources (${salesRecordSourceColumns.map(([name, type]) => `${name} ${type}`).join(', ')}, primary key (individual_id)) on commit drop`);
  await pipeline(await openSources(open), await sql`copy record_sources from stdin`.writable());
  const [decided] = await sql<{ created: number; skipped: number; failed: number; created_ids: string[] }[]>`
    with inserted as (
      insert into sales_records (tenant_id, sales_record_type_id, individual_id, run_id, assignee_user_id, custom_fields, created_by, ${sql.unsafe(carried.join(', '))})
      select ${tenantId}, ${run.sales_record_type_id}, s.individual_id, ${runId}, s.assignee_user_id, coalesce(s.custom_fields, '{}'::jsonb),
        ${run.requested_by}, ${sql.unsafe(carried.map((name) => `s.${name}`).join(', '))}
      from record_sources s
      order by s.individual_id
      on conflict (tenant_id, individual_id) where individual_id is not null do nothing
      returning id, individual_id
    ), not_created as (
      -- an anti-join the planner hashes (a NOT EXISTS over the CTE rescanned it for every individual)
      select p.individual_id, s.individual_id is not null as found
      from unnest(${open}::uuid[]) as p(individual_id)
        left join inserted i on i.individual_id = p.individual_id
        left join record_sources s on s.individual_id = p.individual_id
      where i.individual_id is null
    ), marked as (
      update sales_record_run_individuals ri set
        outcome = case when n.found then 'skipped' else 'failed' end,
        reason = case when n.found then ${ALREADY_LINKED} else ${NOT_FOUND} end,
        decided_at = now()
      from not_created n
      where ri.run_id = ${runId} and ri.individual_id = n.individual_id
      returning ri.outcome
    )
    select (select count(*) from inserted)::int as created,
      (select count(*) from marked where outcome = 'skipped')::int as skipped,
      (select count(*) from marked where outcome = 'failed')::int as failed,
      (select coalesce(array_agg(id), '{}') from inserted) as created_ids`;
  const now = decided!;
  const totals = { ...result, created: result.created + now.created, skipped: result.skipped + now.skipped, failed: result.failed + now.failed };
  await sql`
    insert into sales_record_run_pages (run_id, after_individual_id, through_individual_id, tenant_id, page, processed, created, skipped, failed)
    values (${runId}, ${after}::uuid, ${totals.through}, ${tenantId}, ${input.page}, ${totals.processed}, ${totals.created}, ${totals.skipped}, ${totals.failed})`;
  const [counted] = await sql<{ decided: number; matched: number }[]>`
    update sales_record_runs set created = created + ${now.created}, skipped = skipped + ${now.skipped}, failed = failed + ${now.failed},
      pages = pages + 1, started_at = coalesce(started_at, now()), progressed_at = now()
    where tenant_id = ${tenantId} and id = ${runId}
    returning created + skipped + failed as decided, matched`;
  await writeOutbox(tx, [
    buildEvent(salesRecordRunProgressedV1, {
      tenantId,
      aggregateId: runId,
      data: {
        runId,
        salesRecordTypeId: run.sales_record_type_id,
        page: input.page,
        after: input.after,
        through: totals.through!,
        created: now.created,
        skipped: now.skipped,
        failed: now.failed,
        salesRecordIds: now.created_ids,
      },
    }),
  ]);
  // The page that decides the snapshot's last individual completes the run in its transaction: the
  // run is done when its rows are, not a workflow round trip later (completeSalesRecordRun then finds it done).
  if (counted && counted.decided >= counted.matched) await completeRun(tx, tenantId, runId);
  return totals;
}

/**
 * The next pages of a run's snapshot (SR-2): every pageSize-th individual id after `after`, and
 * the last one, as each page's inclusive upper bound; one index-only scan of the planned rows.
 */
export async function planRunPages(tx: Executor, input: SalesRecordRunPagePlanInput): Promise<string[]> {
  const rows = await sqlOf(tx)<{ individual_id: string }[]>`
    with planned as (
      select individual_id, row_number() over (order by individual_id) as n
      from sales_record_run_individuals
      where run_id = ${input.runId} and individual_id > ${input.after ?? FIRST_ID}::uuid
      order by individual_id limit ${input.pageSize * input.pages}
    )
    select individual_id from planned
    where n % ${input.pageSize} = 0 or n = (select max(n) from planned)
    order by individual_id`;
  return rows.map((row) => row.individual_id);
}

/** SR-6: the run is completed, with the event that says so; a repeat changes nothing. */
export async function completeRun(tx: Executor, tenantId: string, runId: string): Promise<void> {
  const sql = sqlOf(tx);
  const [run] = await sql<{ sales_record_type_id: string; matched: number; created: number; skipped: number; failed: number; completed_at: string }[]>`
    update sales_record_runs set state = 'completed', completed_at = now()
    where tenant_id = ${tenantId} and id = ${runId} and state = 'running'
    returning sales_record_type_id, matched, created, skipped, failed, completed_at`;
  if (!run) return;
  await writeOutbox(tx, [
    buildEvent(salesRecordRunCompletedV1, {
      tenantId,
      aggregateId: runId,
      data: {
        runId,
        salesRecordTypeId: run.sales_record_type_id,
        matched: run.matched,
        created: run.created,
        skipped: run.skipped,
        failed: run.failed,
        completedAt: new Date(run.completed_at).toISOString(),
      },
    }),
  ]);
}
