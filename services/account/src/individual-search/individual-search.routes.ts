import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import { forTenants, inTenant } from '@agencyflow/db';
import { parseInput, principalOf, problems, requirePermission, type Principal } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { toContactView } from '../contacts/contact-view';
import type { ContactRow } from '../db/account-store';
import { customFieldsOf } from '../settings/settings-queries';
import { individualsCsv } from './individuals-csv-view';
import { countBody, csvBody, searchBody } from './individual-search-schemas';
import { recordContactViews } from '../protected-data-access/record-contact-views';
import type { SearchCriteria } from './search-criteria';
import { decodeCursor, encodeCursor } from './search-cursor';
import { countMatches, everyMatch, prepareSearch, searchPage } from './search-individuals';

const mayViewProtected = (principal: Principal) => principal.permissions.has('protected-data:view');

/**
 * SR-1 Individual Advanced Search over the tenant's contacts (decision 0025): a page of matches,
 * their exact count, and every match as a streamed CSV. Criteria travel as a JSON body (POST):
 * they nest (custom fields, policy criteria) and can be long, and searches change nothing.
 */
export function individualSearchRoutes({ database, fieldCipher, logger }: ServiceDeps): Router {
  const router = Router();
  const view = requirePermission('accounts:view');

  /** The request's criteria compiled for the caller's tenant, or a 400 naming every bad field. */
  const prepared = async (req: Request, criteria: SearchCriteria) => {
    const principal = principalOf(req);
    const scoped = forTenants(database, principal.tenantId);
    const result = await prepareSearch(scoped, principal.tenantId, criteria);
    if (result.outcome === 'invalid') throw problems.validation(result.errors);
    return { principal, scoped, search: result.search };
  };

  router.post('/individuals/search', view, async (req, res) => {
    const { criteria, pageSize, after } = parseInput(searchBody, req.body);
    const cursor = decodeCursor(after);
    const { principal, scoped, search } = await prepared(req, criteria);
    const page = await searchPage(scoped, fieldCipher, search, { pageSize, cursor });
    const unmasked = mayViewProtected(principal);
    await recordContactViews(database, req, page.rows, unmasked);
    res.json({
      items: page.rows.map((row) => toContactView(row, fieldCipher, unmasked)),
      nextAfter: page.next ? encodeCursor(page.next) : null,
    });
  });

  router.post('/individuals/search/count', view, async (req, res) => {
    const { criteria } = parseInput(countBody, req.body);
    const { scoped, search } = await prepared(req, criteria);
    res.json({ count: await countMatches(scoped, fieldCipher, search) });
  });

  router.post('/individuals/search/csv', view, async (req, res) => {
    const { criteria } = parseInput(csvBody, req.body);
    const { principal, scoped, search } = await prepared(req, criteria);
    const unmasked = mayViewProtected(principal);
    const customFieldKeys = (await inTenant(database, principal.tenantId, (tx) => customFieldsOf(tx, principal.tenantId))).map((f) => f.key);
    // each page of rows is recorded in the access log before it is written out; a page that
    // cannot be recorded ends the download there.
    const recorded = async function* (pages: AsyncGenerator<ContactRow[]>) {
      for await (const rows of pages) {
        await recordContactViews(database, req, rows, unmasked, 'export');
        yield rows;
      }
    };
    res.status(200).type('text/csv; charset=utf-8').attachment('individuals.csv');
    try {
      await pipeline(Readable.from(individualsCsv(recorded(everyMatch(scoped, fieldCipher, search)), fieldCipher, { mayViewProtected: unmasked, customFieldKeys })), res);
    } catch (error) {
      // The status line is gone by now: the client sees a cut-off download, the log says why.
      logger.error({ err: error, requestId: req.requestId }, 'individuals CSV download failed');
      res.destroy();
    }
  });

  return router;
}
