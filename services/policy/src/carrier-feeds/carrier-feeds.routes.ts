import { Router, type Request, type RequestHandler, type Response } from 'express';
import { encodeKeysetCursor, sendCsv, idempotency, parseInput, principalOf, ProblemError, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { FeedTooLargeError, stageCarrierFeed, type StageCarrierFeedCommand } from './stage-carrier-feed';
import { findImport, importRowLines, importView, listImports, type ImportRowLine } from './import-job-queries';
import { ImportSlots } from './import-slots';
import { readCsvFeed } from './csv-feed';
import { startImportWorkflow } from './start-import-workflow';
import { importIdParams, importQuery, jsonFeedBody, listImportsQuery } from '../policies/policy-schemas';

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

/**
 * PS-2 carrier feed imports for the FMO's book of business, as jobs (decision 0033): `POST
 * /carrier-feeds` streams a CSV of any size, `POST /carrier-feeds/json` takes a JSON batch within
 * the JSON body limit; each answers 202 once the file is received whole and staged, and its
 * workflow writes the pages. The import is followed at `GET /carrier-feeds/{id}` (state, counts,
 * percent, rate, time left), listed at `GET /carrier-feeds`, and its rejected rows and per-row
 * outcomes are CSV downloads.
 */
export function carrierFeedRoutes(deps: ServiceDeps): Router {
  const { database, bulkDatabase, fieldCipher, idempotencyStore, logger, temporal, taskQueues, jobs } = deps;
  const router = Router();
  const slots = new ImportSlots(deps.config.BULK_DATABASE_POOL_MAX);
  const permission = requirePermission('carrier-feeds:import');

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
  const stage = async (req: Request, res: Response, command: Omit<StageCarrierFeedCommand, 'tenantId' | 'importedBy' | 'pageSize'>) => {
    const { tenantId, subject } = principalOf(req);
    const { pageSize } = parseInput(importQuery, req.query, 'query');
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

  router.post('/carrier-feeds', permission, async (req, res) => {
    if (!req.is(csvContentTypes)) {
      throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the carrier file as text/csv (or use /carrier-feeds/json).');
    }
    const encoding = (req.header('content-encoding') ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'Send the file without Content-Encoding.');
    }
    parseInput(importQuery, req.query, 'query');
    const release = takeSlot(res);
    try {
      const feed = await readCsvFeed(req);
      await stage(req, res, { format: 'csv', ignoredColumns: feed.ignoredColumns, rows: feed.rows });
    } finally {
      release();
    }
  });

  router.post('/carrier-feeds/json', permission, idempotency(idempotencyStore), async (req, res) => {
    const body = parseInput(jsonFeedBody, req.body);
    const rows = body.rows.map((values, i) => ({ row: i + 1, values }));
    const release = takeSlot(res);
    try {
      await stage(req, res, { format: 'json', rows });
    } finally {
      release();
    }
  });

  router.get('/carrier-feeds', permission, async (req, res) => {
    const { tenantId } = principalOf(req);
    const query = parseInput(listImportsQuery, req.query, 'query');
    const page = await inTenant(database, tenantId, async (tx) => {
      const { items, next } = await listImports(tx, tenantId, query);
      return { items: await Promise.all(items.map((record) => importView(tx, record, 0))), next };
    });
    res.json({ items: page.items, nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
  });

  const foundImport = async (req: Request) => {
    const { tenantId } = principalOf(req);
    const { importId } = parseInput(importIdParams, req.params, 'path');
    const record = await inTenant(database, tenantId, (tx) => findImport(tx, tenantId, importId));
    if (!record) throw problems.notFound('carrier feed import');
    return { tenantId, record };
  };

  router.get('/carrier-feeds/:importId', permission, async (req, res) => {
    const { tenantId, record } = await foundImport(req);
    res.json(await inTenant(database, tenantId, (tx) => importView(tx, record)));
  });

  const csv = (name: string, onlyRejected: boolean, header: string[], line: (row: ImportRowLine) => unknown[]) =>
    async (req: Request, res: Response) => {
      const { tenantId, record } = await foundImport(req);
      await sendCsv(req, res, { name, header, line, logger, batches: importRowLines(forTenants(database, tenantId), record.id, onlyRejected) });
    };
  // Row numbers, outcomes, reasons and policy ids: never a cell's value (rows carry protected data).
  router.get('/carrier-feeds/:importId/rejections.csv', permission, csv('rejections.csv', true, ['row', 'reason'], (r) => [r.row, r.reason]));
  router.get(
    '/carrier-feeds/:importId/outcomes.csv',
    permission,
    csv('outcomes.csv', false, ['row', 'outcome', 'policyId', 'reason'], (r) => [r.row, r.outcome ?? 'pending', r.policyId, r.reason]),
  );

  return router;
}
