import { Router, type Response } from 'express';
import { individualMatchesEndMark, individualMatchesPath, individualMerge, individualMergePath, salesRecordSourcesPath, savedSearchNameHeader } from '@agencyflow/contracts';
import { forTenants, inTenant } from '@agencyflow/db';
import { parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { findSavedSearch } from '../saved-searches/saved-search-queries';
import type { SearchCriteria } from '../individual-search/search-criteria';
import { everyMatchingId, prepareSearch } from '../individual-search/search-individuals';
import { individualMatchesBody, salesRecordSourcesBody } from './individual-transfer-schemas';
import { mergeFromSalesRecord } from './merge-from-sales-record';
import { readSalesRecordSources } from './sales-record-sources';

/** The response can take more, or the caller is gone; either way neither listener stays behind (a long list drains many times). */
const drainedOrClosed = (res: Response) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });

/**
 * Internal, service to service (decision 0027): the sales service reads which individuals a
 * sales-record run matches (SR-2, at preview and confirm) and, page by page inside its activity,
 * their fields (SR-4). The search runs here, where the individuals are. The caller's token is for
 * the tenant and carries `individuals:transfer`, which no security group grants. SR-7: the sales
 * service merges a converted sales record back into its individual (`individuals:merge`).
 */
export function individualTransferRoutes({ database, fieldCipher, logger }: ServiceDeps): Router {
  const router = Router();
  const transfer = requirePermission('individuals:transfer');

  router.post(individualMatchesPath, transfer, async (req, res) => {
    const { tenantId } = principalOf(req);
    const body = parseInput(individualMatchesBody, req.body);
    const scoped = forTenants(database, tenantId);
    let criteria: SearchCriteria;
    if ('savedSearchId' in body) {
      const saved = await inTenant(database, tenantId, (tx) => findSavedSearch(tx, tenantId, body.savedSearchId));
      if (!saved) throw problems.notFound('saved search');
      criteria = saved.criteria as SearchCriteria;
      res.setHeader(savedSearchNameHeader, encodeURIComponent(saved.name));
    } else {
      criteria = body.criteria;
    }
    const prepared = await prepareSearch(scoped, tenantId, criteria);
    if (prepared.outcome === 'invalid') throw problems.validation(prepared.errors);
    res.status(200).type('text/plain; charset=utf-8');
    try {
      for await (const ids of everyMatchingId(scoped, fieldCipher, prepared.search)) {
        if (ids.length > 0 && !res.write(`${ids.join('\n')}\n`)) await drainedOrClosed(res);
        if (res.destroyed) return;
      }
      res.end(`${individualMatchesEndMark}\n`);
    } catch (error) {
      // The status line is gone: the caller sees a cut-off body (no trailing end mark) and retries.
      logger.error({ err: error, requestId: req.requestId }, 'streaming the matches failed');
      res.destroy();
    }
  });

  router.post(salesRecordSourcesPath, transfer, async (req, res) => {
    const { tenantId } = principalOf(req);
    const { ids } = parseInput(salesRecordSourcesBody, req.body);
    const page = await readSalesRecordSources(forTenants(database, tenantId), tenantId, ids);
    res.status(200).type('text/tab-separated-values; charset=utf-8').send(page);
  });

  // SR-7: a sales record converted to individual gives its values back (decision 0030); its own permission.
  router.post(individualMergePath, requirePermission('individuals:merge'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const merge = parseInput(individualMerge, req.body);
    const done = await mergeFromSalesRecord(forTenants(database, tenantId), fieldCipher, tenantId, merge);
    if (done.outcome === 'not-found') throw problems.notFound('individual');
    if (done.outcome === 'not-ciphertext') throw problems.validation([{ path: `body.values.${done.field}`, message: 'a protected value must be ciphertext this service can read' }]);
    res.json(done.result);
  });

  return router;
}
