import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { defineRoutes, encodeKeysetCursor, implementRoutes, principalOf, ProblemError, problems, sendCsv, type BoundRoute } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { FeedTooLargeError, stageCarrierFeed, type StageCarrierFeedCommand } from './stage-carrier-feed';
import { findImport, importRowLines, importView, listImports, type ImportRowLine } from './import-job-queries';
import { ImportSlots } from './import-slots';
import { readCsvFeed } from './csv-feed';
import { startImportWorkflow } from './start-import-workflow';
import { importIdParams, importListView, importQuery, importView as importJobView, jsonFeedBody, listImportsQuery } from '../policies/policy-schemas';
import { feedColumns, requiredFeedColumns } from '../domain/feed-row';
import { acceptedExample, csvExample, importExample, jsonFeedExample } from '../openapi-examples';

/** Content types the CSV route streams; declared to the base app as the service's streamedMediaTypes. */
export const csvContentTypes = ['text/csv', 'application/csv'];

/**
 * The base app lets CSV bodies through for the whole service (streamedMediaTypes); only the
 * CSV import reads them, every other route answers 415 as it would without the declaration.
 */
export const csvOnlyForCarrierFeeds: RequestHandler = (req, _res, next) => {
  const csvImport = req.method === 'POST' && req.path === '/carrier-feeds';
  if (!csvImport && req.is(csvContentTypes)) return next(problems.unsupportedMediaType());
  next();
};

const permission = 'carrier-feeds:import';
const busy = 'Every import slot of this instance is busy (imports-busy); retry after the Retry-After seconds';

export const carrierFeedApi = defineRoutes({
  importCsv: {
    method: 'post',
    path: '/carrier-feeds',
    summary: 'Import a carrier file (CSV, streamed; use this for big files)',
    description:
      'PS-2. The body is read as it arrives, never buffered whole, so files of hundreds of thousands of rows import with bounded memory ' +
      '(at most 1,000,000 rows). The first line is the header; column names are matched case-insensitively, spaces as underscores. ' +
      `Columns: ${feedColumns.join(', ')}; required: ${requiredFeedColumns.join(', ')}; others are optional, unknown ones ignored (listed in ignoredColumns). ` +
      'One row per member; the policy fields repeat on each member row. Dates are YYYY-MM-DD or M/D/YYYY; premium may carry $ and thousands separators. ' +
      'Each invalid row is reported with its 1-based data row number (the header is not counted) and reason, and not written; so is a row ' +
      'whose policy fields contradict an earlier row of the same policy, or that repeats a member. Valid rows upsert policies by (carrier, ' +
      'policy number) and members by (policy, name and date of birth); importing the same file again changes nothing. ' +
      'The import is a job: once the whole file has arrived and is staged (encrypted) the answer is 202 with the job, and a workflow writes it ' +
      'in pages; follow it at Location (state, counts, percent, rate, time left), download its rejections and outcomes CSVs when it is done. ' +
      'A malformed file or a broken-off upload stages nothing. A tenant\'s imports are written one at a time, in the order they arrived ' +
      '(a later one waits as queued). Re-sending a file is safe without an Idempotency-Key.',
    permission,
    query: importQuery,
    body: z.string(),
    bodyMediaType: 'text/csv',
    example: csvExample,
    responses: { 202: ['Received and staged; Location is the import job', importJobView, acceptedExample] },
    problems: { 400: 'Empty file, missing required columns (invalid-feed-header), malformed CSV, or upload broken off', 413: 'More than 1,000,000 rows', 415: 'Not text/csv', 503: busy },
  },
  importJson: {
    method: 'post',
    path: '/carrier-feeds/json',
    summary: 'Import a JSON batch of carrier rows (within the 1 MB JSON body limit; use the CSV route for big files)',
    description: 'Same rows, rules and answer (202, a job) as the CSV route; each row is an object keyed by the CSV column names. Row numbers are 1-based positions in rows. Unknown keys reject the row.',
    permission,
    query: importQuery,
    body: jsonFeedBody,
    example: jsonFeedExample,
    idempotent: true,
    responses: { 202: ['Received and staged; Location is the import job', importJobView, { ...acceptedExample, format: 'json', ignoredColumns: [] }] },
    problems: { 400: 'Body is not { rows: [...] }', 413: 'Body over the JSON limit: use POST /carrier-feeds with text/csv', 503: busy },
  },
  list: {
    method: 'get',
    path: '/carrier-feeds',
    summary: 'List import jobs, newest first (cursor: nextBefore); filter by state and arrival time',
    permission,
    query: listImportsQuery,
    responses: { 200: ['A page of imports (their first rejections left out)', importListView] },
  },
  follow: {
    method: 'get',
    path: '/carrier-feeds/:importId',
    summary: 'Follow an import job: state, counts, percent, rate, time left, first rejections',
    permission,
    params: importIdParams,
    responses: { 200: ['The import', importJobView, importExample] },
    problems: { 404: 'No such import in your tenant' },
  },
  rejectionsCsv: {
    method: 'get',
    path: '/carrier-feeds/:importId/rejections.csv',
    summary: "Every rejected row of an import: row number and reason, never a cell's value (CSV)",
    permission,
    params: importIdParams,
    responses: { 200: ['CSV with header row,reason', 'text/csv', 'row,reason\r\n3,mbi: MBI must be 11 characters in the CMS format (no S, L, O, I, B, Z)\r\n'] },
    problems: { 404: 'No such import in your tenant' },
  },
  outcomesCsv: {
    method: 'get',
    path: '/carrier-feeds/:importId/outcomes.csv',
    summary: 'Every row of an import with its outcome: inserted, updated, unchanged (its member), rejected, or pending (CSV)',
    permission,
    params: importIdParams,
    responses: { 200: ['CSV with header row,outcome,policyId,reason', 'text/csv', 'row,outcome,policyId,reason\r\n1,inserted,6f1c0d4e-2b7a-4c59-9e3d-8a1b2c3d4e5f,\r\n'] },
    problems: { 404: 'No such import in your tenant' },
  },
});

/**
 * PS-2 carrier feed imports for the FMO's book of business, as jobs (decision 0033): `POST
 * /carrier-feeds` streams a CSV of any size, `POST /carrier-feeds/json` takes a JSON batch within
 * the JSON body limit; each answers 202 once the file is received whole and staged, and its
 * workflow writes the pages. The import is followed at `GET /carrier-feeds/{id}` (state, counts,
 * percent, rate, time left), listed at `GET /carrier-feeds`, and its rejected rows and per-row
 * outcomes are CSV downloads.
 */
export function carrierFeedRoutes(deps: ServiceDeps): BoundRoute[] {
  const { database, bulkDatabase, fieldCipher, logger, temporal, taskQueues, jobs } = deps;
  const slots = new ImportSlots(deps.config.BULK_DATABASE_POOL_MAX);

  /** A slot for the upload, or 503 with Retry-After before anything of the body is read. */
  const takeSlot = (res: Response) => {
    const release = slots.tryTake();
    if (release) return release;
    res.setHeader('retry-after', '30');
    throw new ProblemError(503, 'imports-busy', 'Imports busy', `This instance receives ${slots.size} carrier uploads at a time; retry shortly.`);
  };

  /**
   * Stages the upload on the bulk pool (a slow upload holds one of its connections, never the main
   * pool's), as the importing FMO (row-level security); then starts its workflow at once (the
   * consumer of the staged event starts it too, should this fail) and answers 202 with the job.
   */
  const stage = async (req: Request, res: Response, pageSize: number | undefined, command: Omit<StageCarrierFeedCommand, 'tenantId' | 'importedBy' | 'pageSize'>) => {
    const { tenantId, subject } = principalOf(req);
    let staged;
    try {
      staged = await stageCarrierFeed({ database: forTenants(bulkDatabase, tenantId), fieldCipher }, { ...command, tenantId, importedBy: subject, ...(pageSize ? { pageSize } : {}) });
    } catch (error) {
      if (error instanceof FeedTooLargeError) {
        throw new ProblemError(413, 'feed-too-large', 'Feed too large', `${error.message} Split the file; nothing was imported.`);
      }
      throw error;
    }
    jobs.countRows('carrier-feed-import', { rejected: staged.rejectedAtUpload });
    // Counts only: rows and their reasons never reach the log.
    logger.info({ importId: staged.importId, tenantId, importedBy: subject, rows: staged.rows, rejectedAtUpload: staged.rejectedAtUpload }, 'carrier feed staged');
    await startImportWorkflow(temporal.client, taskQueues, { tenantId, importId: staged.importId, rows: staged.rows, importedBy: subject, ...(pageSize ? { pageSize } : {}) }).catch(
      (error: unknown) => logger.warn({ err: error, importId: staged.importId }, 'import workflow not started yet; its staged event will start it'),
    );
    const view = await inTenant(database, tenantId, async (tx) => importView(tx, (await findImport(tx, tenantId, staged.importId))!));
    res.status(202).location(view.links.self).json(view);
  };

  const foundImport = async (req: Request, importId: string) => {
    const { tenantId } = principalOf(req);
    const record = await inTenant(database, tenantId, (tx) => findImport(tx, tenantId, importId));
    if (!record) throw problems.notFound('carrier feed import');
    return { tenantId, record };
  };

  const csv =
    (name: string, onlyRejected: boolean, header: string[], line: (row: ImportRowLine) => unknown[]) =>
    async ({ params: { importId } }: { params: { importId: string } }, req: Request, res: Response) => {
      const { tenantId, record } = await foundImport(req, importId);
      await sendCsv(req, res, { name, header, line, logger, batches: importRowLines(forTenants(database, tenantId), record.id, onlyRejected) });
    };

  return implementRoutes(carrierFeedApi, {
    importCsv: async ({ query: { pageSize } }, req, res) => {
      if (!req.is(csvContentTypes)) {
        throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the carrier file as text/csv (or use /carrier-feeds/json).');
      }
      const encoding = (req.header('content-encoding') ?? 'identity').toLowerCase();
      if (encoding !== 'identity') {
        throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the file without Content-Encoding.');
      }
      const release = takeSlot(res);
      try {
        const feed = await readCsvFeed(req);
        await stage(req, res, pageSize, { format: 'csv', ignoredColumns: feed.ignoredColumns, rows: feed.rows });
      } finally {
        release();
      }
    },

    importJson: async ({ query: { pageSize }, body }, req, res) => {
      const rows = body.rows.map((values, i) => ({ row: i + 1, values }));
      const release = takeSlot(res);
      try {
        await stage(req, res, pageSize, { format: 'json', rows });
      } finally {
        release();
      }
    },

    list: async ({ query }, req, res) => {
      const { tenantId } = principalOf(req);
      const page = await inTenant(database, tenantId, async (tx) => {
        const { items, next } = await listImports(tx, tenantId, query);
        return { items: await Promise.all(items.map((record) => importView(tx, record, 0))), next };
      });
      res.json({ items: page.items, nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
    },

    follow: async ({ params: { importId } }, req, res) => {
      const { tenantId, record } = await foundImport(req, importId);
      res.json(await inTenant(database, tenantId, (tx) => importView(tx, record)));
    },

    // Row numbers, outcomes, reasons and policy ids: never a cell's value (rows carry protected data).
    rejectionsCsv: csv('rejections.csv', true, ['row', 'reason'], (r) => [r.row, r.reason]),
    outcomesCsv: csv('outcomes.csv', false, ['row', 'outcome', 'policyId', 'reason'], (r) => [r.row, r.outcome ?? 'pending', r.policyId, r.reason]),
  });
}
