import type { Response } from 'express';
import {
  individualMatchesEndMark,
  individualMatchesPath,
  individualMerge,
  individualMergePath,
  individualMergeResult,
  salesRecordSourcesPath,
  savedSearchNameHeader,
} from '@agencyflow/contracts';
import { forTenants, inTenant } from '@agencyflow/db';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
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

const transfer = 'individuals:transfer';

export const individualTransferApi = defineRoutes({
  matches: {
    method: 'post',
    path: individualMatchesPath,
    summary: 'SR-2 the id of every individual the criteria or saved search match (services only: the sales service snapshots a run with it)',
    description: 'Streamed from one consistent read: one id a line, then `#end` (a body without it was cut off). Decision 0027.',
    permission: transfer,
    body: individualMatchesBody,
    responseHeaders: { [savedSearchNameHeader]: 'The saved search’s name, URL-encoded (when the body names a saved search)' },
    responses: { 200: ['Ids, one a line, ending with #end', 'text/plain'] },
    problems: { 404: 'No such saved search in the tenant' },
  },
  salesRecordSources: {
    method: 'post',
    path: salesRecordSourcesPath,
    summary: 'SR-4 the fields a sales record takes from these individuals (services only: a sales-record run’s page pulls them)',
    description:
      'COPY text (tab separated, \\N for null) in the columns of salesRecordSourceColumns (packages/contracts): protected fields as ' +
      'ciphertext, custom fields of the carried types only, the servicing agent’s linked user as assignee. An id that is not the tenant’s has no line.',
    permission: transfer,
    body: salesRecordSourcesBody,
    responses: { 200: ['A line per individual found', 'text/tab-separated-values'] },
  },
  merge: {
    method: 'post',
    path: individualMergePath,
    summary: 'SR-7 merge a sales record converted to individual back into its individual (services only: the sales service’s convert)',
    description:
      'Values users edited on the sales record after it was made win; a blank never overwrites; custom fields merge key by key; protected values are ' +
      'ciphertext, stored as they are (400 if this service cannot read one). One contact-updated naming the merged fields. Decision 0030.',
    permission: 'individuals:merge',
    body: individualMerge,
    responses: { 200: ['The fields merged', individualMergeResult] },
    problems: { 404: 'No such individual in the tenant' },
  },
});

/**
 * Internal, service to service (decision 0027): the sales service reads which individuals a
 * sales-record run matches (SR-2, at preview and confirm) and, page by page inside its activity,
 * their fields (SR-4). The search runs here, where the individuals are. The caller's token is for
 * the tenant and carries `individuals:transfer`, which no security group grants. SR-7: the sales
 * service merges a converted sales record back into its individual (`individuals:merge`).
 */
export function individualTransferRoutes({ database, fieldCipher, logger }: ServiceDeps): BoundRoute[] {
  return implementRoutes(individualTransferApi, {
    matches: async ({ body }, req, res) => {
      const { tenantId } = principalOf(req);
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
    },

    salesRecordSources: async ({ body: { ids } }, req, res) => {
      const { tenantId } = principalOf(req);
      const page = await readSalesRecordSources(forTenants(database, tenantId), tenantId, ids);
      res.status(200).type('text/tab-separated-values; charset=utf-8').send(page);
    },

    // SR-7: a sales record converted to individual gives its values back (decision 0030); its own permission.
    merge: async ({ body: merge }, req, res) => {
      const { tenantId } = principalOf(req);
      const done = await mergeFromSalesRecord(forTenants(database, tenantId), fieldCipher, tenantId, merge);
      if (done.outcome === 'not-found') throw problems.notFound('individual');
      if (done.outcome === 'not-ciphertext') throw problems.validation([{ path: `body.values.${done.field}`, message: 'a protected value must be ciphertext this service can read' }]);
      res.json(done.result);
    },
  });
}
