import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { forTenants, inTenant } from '@agencyflow/db';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute, type Principal } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { toContactView } from '../contacts/contact-view';
import type { ContactRow } from '../db/account-store';
import { customFieldsOf } from '../settings/settings-queries';
import { individualsCsv } from './individuals-csv-view';
import { countBody, csvBody, searchBody } from './individual-search-schemas';
import { individualCountView, individualPageView } from './individual-search-view';
import { recordContactViews } from '../protected-data-access/record-contact-views';
import type { SearchCriteria } from './search-criteria';
import { decodeCursor, encodeCursor } from './search-cursor';
import { countMatches, everyMatch, prepareSearch, searchPage } from './search-individuals';

const mayViewProtected = (principal: Principal) => principal.permissions.has('protected-data:view');

const criteriaModel =
  'Criteria are one JSON object; every field is optional and the given ones combine with AND; a list means any of them. ' +
  'Individual fields: status, state, county, zip (5 digits, matches ZIP+4 too), servicingAgentId, leadSource, gender, ' +
  'dateOfBirth {from, to}, age {min, max} (whole years today, UTC), customFields {key: criterion by the field’s type}. ' +
  'Policy fields: policy {coverageType, status, carrier, effectiveDate, renewalDate} (one policy the individual holds or is a member of meets them all), ' +
  'hasActivePolicy (true/false). Unknown fields, bad dates and inverted ranges answer 400 (decision 0025).';

export const individualSearchApi = defineRoutes({
  search: {
    method: 'post',
    path: '/individuals/search',
    summary: 'SR-1 Individual Advanced Search: a page of the individuals (contacts) that match, by last name, first name and id',
    description: `${criteriaModel} Pages: pass the answer’s \`nextAfter\` as \`after\` (null on the last page). Items are contacts as GET /contacts/{id} answers them, protected fields masked without \`protected-data:view\`.`,
    permission: 'accounts:view',
    body: searchBody,
    responses: { 200: ['A page: items and nextAfter', individualPageView] },
  },
  count: {
    method: 'post',
    path: '/individuals/search/count',
    summary: 'SR-1 how many individuals match the criteria (exact)',
    description: criteriaModel,
    permission: 'accounts:view',
    body: countBody,
    responses: { 200: ['The count', individualCountView] },
  },
  csv: {
    method: 'post',
    path: '/individuals/search/csv',
    summary: 'SR-1 every matching individual as a streamed CSV download (RFC 4180, header row)',
    description:
      `${criteriaModel} One column per standard field and per custom field (\`customFields.<key>\`); protected columns are masked without ` +
      '`protected-data:view`; a cell starting with =, +, -, @, tab or CR is prefixed with \' so spreadsheets read it as text.',
    permission: 'accounts:view',
    body: csvBody,
    responses: { 200: ['The matches, streamed as an attachment (individuals.csv)', 'text/csv'] },
  },
});

/**
 * SR-1 Individual Advanced Search over the tenant's contacts (decision 0025): a page of matches,
 * their exact count, and every match as a streamed CSV. Criteria travel as a JSON body (POST):
 * they nest (custom fields, policy criteria) and can be long, and searches change nothing.
 */
export function individualSearchRoutes({ database, fieldCipher, logger }: ServiceDeps): BoundRoute[] {
  /** The request's criteria compiled for the caller's tenant, or a 400 naming every bad field. */
  const prepared = async (req: Request, criteria: SearchCriteria) => {
    const principal = principalOf(req);
    const scoped = forTenants(database, principal.tenantId);
    const result = await prepareSearch(scoped, principal.tenantId, criteria);
    if (result.outcome === 'invalid') throw problems.validation(result.errors);
    return { principal, scoped, search: result.search };
  };

  return implementRoutes(individualSearchApi, {
    search: async ({ body: { criteria, pageSize, after } }, req, res) => {
      const cursor = decodeCursor(after);
      const { principal, scoped, search } = await prepared(req, criteria);
      const page = await searchPage(scoped, fieldCipher, search, { pageSize, cursor });
      const unmasked = mayViewProtected(principal);
      await recordContactViews(database, req, page.rows, unmasked);
      res.json({
        items: page.rows.map((row) => toContactView(row, fieldCipher, unmasked)),
        nextAfter: page.next ? encodeCursor(page.next) : null,
      });
    },

    count: async ({ body: { criteria } }, req, res) => {
      const { scoped, search } = await prepared(req, criteria);
      res.json({ count: await countMatches(scoped, fieldCipher, search) });
    },

    csv: async ({ body: { criteria } }, req, res) => {
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
    },
  });
}
