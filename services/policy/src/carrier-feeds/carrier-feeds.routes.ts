import { Router, type RequestHandler, type Response } from 'express';
import { and, eq } from 'drizzle-orm';
import { idempotency, parseInput, principalOf, ProblemError, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { carrierFeedImports } from '../db/schema';
import { FeedTooLargeError, ImportInProgressError, importCarrierFeed, type ImportSummary } from './import-carrier-feed';
import { ImportSlots } from './import-slots';
import { readCsvFeed } from './csv-feed';
import { importIdParams, jsonFeedBody } from '../policies/policy-schemas';

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
 * PS-2 carrier feed imports for the FMO's book of business: `POST /carrier-feeds` streams a CSV
 * of any size, `POST /carrier-feeds/json` takes a JSON batch within the JSON body limit.
 */
export function carrierFeedRoutes(deps: ServiceDeps): Router {
  const { database, bulkDatabase, fieldCipher, idempotencyStore, logger } = deps;
  const router = Router();
  const slots = new ImportSlots(deps.config.BULK_DATABASE_POOL_MAX);
  // Imports run on the bulk pool: a slow upload holds one of its connections, never the main pool's.
  // As the importing FMO (row-level security).
  const importer = (tenantId: string) => ({ database: forTenants(bulkDatabase, tenantId), fieldCipher });

  /** A slot for the import, or 503 with Retry-After before anything of the body is read. */
  const takeSlot = (res: Response) => {
    const release = slots.tryTake();
    if (release) return release;
    res.setHeader('retry-after', '30');
    throw new ProblemError(503, 'imports-busy', 'Imports busy', `This instance runs ${slots.size} carrier imports at a time; retry shortly.`);
  };

  const run = async (tenantId: string, importedBy: string, run: () => Promise<ImportSummary>) => {
    try {
      const summary = await run();
      // Counts only: rows and their reasons never reach the log.
      logger.info(
        { importId: summary.importId, tenantId, importedBy, rows: summary.rows, policies: summary.policies, members: summary.members },
        'carrier feed imported',
      );
      return summary;
    } catch (error) {
      if (error instanceof ImportInProgressError) {
        throw new ProblemError(409, 'import-in-progress', 'Import in progress', `${error.message} Send this file when it has finished.`);
      }
      if (error instanceof FeedTooLargeError) {
        throw new ProblemError(413, 'feed-too-large', 'Feed too large', `${error.message} Split the file; nothing was imported.`);
      }
      throw error;
    }
  };

  router.post('/carrier-feeds', requirePermission('carrier-feeds:import'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
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
      const summary = await run(tenantId, subject, () =>
        importCarrierFeed(importer(tenantId), { tenantId, importedBy: subject, format: 'csv', ignoredColumns: feed.ignoredColumns, rows: feed.rows }),
      );
      res.status(201).location(`/carrier-feeds/${summary.importId}`).json(summary);
    } finally {
      release();
    }
  });

  router.post('/carrier-feeds/json', requirePermission('carrier-feeds:import'), idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const body = parseInput(jsonFeedBody, req.body);
    const rows = body.rows.map((values, i) => ({ row: i + 1, values }));
    const release = takeSlot(res);
    try {
      const summary = await run(tenantId, subject, () => importCarrierFeed(importer(tenantId), { tenantId, importedBy: subject, format: 'json', rows }));
      res.status(201).location(`/carrier-feeds/${summary.importId}`).json(summary);
    } finally {
      release();
    }
  });

  router.get('/carrier-feeds/:importId', requirePermission('carrier-feeds:import'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { importId } = parseInput(importIdParams, req.params, 'path');
    const [record] = await inTenant(database, tenantId, (tx) =>
      tx
        .select()
        .from(carrierFeedImports)
        .where(and(eq(carrierFeedImports.tenantId, tenantId), eq(carrierFeedImports.id, importId))),
    );
    if (!record) throw problems.notFound('carrier feed import');
    res.json({
      importId: record.id,
      format: record.format,
      importedBy: record.importedBy,
      startedAt: record.startedAt.toISOString(),
      finishedAt: record.finishedAt.toISOString(),
      rows: { total: record.rowsTotal, valid: record.rowsValid, rejected: record.rowsRejected },
      policies: { inserted: record.policiesInserted, updated: record.policiesUpdated, unchanged: record.policiesUnchanged },
      members: { inserted: record.membersInserted, updated: record.membersUpdated, unchanged: record.membersUnchanged },
      rejections: record.rejections,
      rejectionsOmitted: record.rejectionsOmitted,
      ignoredColumns: record.ignoredColumns,
    });
  });

  return router;
}
