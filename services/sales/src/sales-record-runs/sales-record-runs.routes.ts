import type { Request, Response } from 'express';
import { forTenants, inTenant } from '@agencyflow/db';
import { defineRoutes, implementRoutes, principalOf, problems, sendCsv, type BoundRoute } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { decodeTimeKeyset, encodeTimeKeyset } from '../http/time-keyset';
import { accountIndividuals, type RunTarget } from './account-individuals';
import { confirmRun } from './confirm-run';
import { previewRun, type RunCounts, type TypeRefusal } from './preview-run';
import { confirmRunBody, listRunsQuery, previewRunBody, previewView, runIdParams } from './run-schemas';
import { runListView, runStartedView, runWithLinksView, toRunView } from './run-view';
import { namesFromAccount } from './individual-names';
import { findRun, outcomeText, runIndividuals, runsOf, type RunIndividualLine } from './run-queries';
import { startRunWorkflow } from './start-run-workflow';

const targetOf = (body: { criteria?: Record<string, unknown>; savedSearchId?: string }): RunTarget =>
  body.savedSearchId ? { savedSearchId: body.savedSearchId } : { criteria: body.criteria ?? {} };

const refusal = (result: TypeRefusal) =>
  result.outcome === 'not-found' ? problems.notFound('sales record type') : problems.conflict('sales-record-type-inactive', 'Sales record type inactive', result.reason);

const start = ['individuals:edit', 'sales-enablement:view'] as const;
const read = 'sales-enablement:view';
const csvOf = (what: string) => [what, 'text/csv'] as const;

export const salesRecordRunApi = defineRoutes({
  preview: {
    method: 'post',
    path: '/sales-record-runs/preview',
    summary: 'SR-2 preview a mass sales-record run: how many individuals match, how many already have a linked sales record (skipped, SR-3), how many would get one',
    description: 'Give criteria (SR-1, as the account service’s search takes them) or savedSearchId. Nothing is written.',
    permission: start,
    body: previewRunBody,
    responses: { 200: ['The numbers', previewView] },
    problems: { 404: 'No such type or saved search', 409: 'The type is inactive (sales-record-type-inactive)' },
  },
  confirm: {
    method: 'post',
    path: '/sales-record-runs',
    summary: 'SR-2 confirm a mass sales-record run: the individuals that match now are fixed (snapshot) and the run starts in the background',
    description:
      'Needs an Idempotency-Key (the same key never starts two runs). expectedMatched is the preview’s matched: ' +
      'if the number that matches now differs, nothing starts and the 409 (matches-changed) carries the new numbers. A run cannot be stopped or undone. ' +
      'Answers 202 with the run id and where to follow it (links).',
    permission: start,
    body: confirmRunBody,
    idempotent: true,
    responses: { 202: ['Started: runId, workflowId, matched, links', runStartedView] },
    problems: {
      404: 'No such type or saved search',
      409: 'The matches changed since the preview (matches-changed, with matched, alreadyLinked, toCreate), or the type is inactive (sales-record-type-inactive)',
    },
  },
  list: {
    method: 'get',
    path: '/sales-record-runs',
    summary: 'SR-6 the tenant’s runs, newest first (cursor: nextBefore)',
    permission: read,
    query: listRunsQuery,
    responses: { 200: ['Runs, as GET /sales-record-runs/{runId} answers them', runListView] },
  },
  follow: {
    method: 'get',
    path: '/sales-record-runs/:runId',
    summary: 'SR-6 follow a run: who, when, criteria or saved search (name at the time), type, state, matched, created, skipped, failed, percent, rate, estimated time left',
    permission: read,
    params: runIdParams,
    responses: { 200: ['The run', runWithLinksView] },
    problems: { 404: 'No such run in your tenant' },
  },
  individualsCsv: {
    method: 'get',
    path: '/sales-record-runs/:runId/individuals.csv',
    summary: 'SR-6 the individuals the run included, as a streamed CSV (individualId, firstName, lastName, salesRecordId)',
    description: 'Names are those of the linked sales record, once the individual’s page is decided. Cells that could be read as formulas are neutralised.',
    permission: read,
    params: runIdParams,
    responses: { 200: csvOf('The individuals, streamed') },
    problems: { 404: 'No such run' },
  },
  outcomesCsv: {
    method: 'get',
    path: '/sales-record-runs/:runId/outcomes.csv',
    summary: 'SR-6 each individual’s outcome, as a streamed CSV: created / skipped: already linked / failed: reason (pending while its page is not decided)',
    permission: read,
    params: runIdParams,
    responses: { 200: csvOf('The outcomes, streamed') },
    problems: { 404: 'No such run' },
  },
});

/**
 * SR-2 and SR-6 over HTTP: preview and confirm a mass sales-record run, list and follow runs, and
 * download a run's individuals and outcomes as CSV. A run cannot be stopped or undone: there is
 * no cancel. Starting one needs individuals:edit and sales-enablement:view; following them
 * sales-enablement:view.
 */
export function salesRecordRunRoutes({ database, temporal, taskQueues, config, logger }: ServiceDeps): BoundRoute[] {
  const individuals = accountIndividuals(config);
  const links = (runId: string, workflowId: string) => ({
    self: `/sales-record-runs/${runId}`,
    individualsCsv: `/sales-record-runs/${runId}/individuals.csv`,
    outcomesCsv: `/sales-record-runs/${runId}/outcomes.csv`,
    temporalUi: `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`,
  });

  const requireKey = (req: Request, _res: Response, next: (error?: unknown) => void) =>
    next(req.header('idempotency-key') ? undefined : problems.validation([{ path: 'header.Idempotency-Key', message: 'required: the same key never starts two runs' }]));

  const foundRun = async (req: Request, runId: string) => {
    const { tenantId } = principalOf(req);
    const run = await inTenant(database, tenantId, (tx) => findRun(tx, tenantId, runId));
    if (!run) throw problems.notFound('sales-record run');
    return { tenantId, run };
  };

  /** Names for lines whose page is not decided yet (no sales record yet): the account service's. */
  const withNames = async (tenantId: string, rows: RunIndividualLine[]) => {
    const names = await namesFromAccount(individuals, tenantId, rows.filter((r) => r.salesRecordId === null).map((r) => r.individualId));
    return rows.map((r) => ({ ...r, ...names.get(r.individualId) }));
  };
  const csv =
    (name: string, header: string[], line: (row: RunIndividualLine) => unknown[], named = false) =>
    async ({ params: { runId } }: { params: { runId: string } }, req: Request, res: Response) => {
      const { tenantId, run } = await foundRun(req, runId);
      const batches = async function* () {
        for await (const rows of runIndividuals(forTenants(database, tenantId), run.id)) yield named ? await withNames(tenantId, rows) : rows;
      };
      await sendCsv(req, res, { name, header, line, logger, batches: batches() });
    };

  return implementRoutes(salesRecordRunApi, {
    preview: async ({ body }, req, res) => {
      const { tenantId } = principalOf(req);
      const result = await previewRun({ database: forTenants(database, tenantId), individuals }, { tenantId, target: targetOf(body), salesRecordTypeId: body.salesRecordTypeId });
      if (result.outcome !== 'previewed') throw refusal(result);
      res.json(result.counts);
    },

    confirm: {
      middleware: [requireKey],
      handler: async ({ body }, req, res) => {
        const { tenantId, subject } = principalOf(req);
        const result = await confirmRun(
          { database: forTenants(database, tenantId), individuals },
          {
            tenantId,
            requestedBy: subject,
            idempotencyKey: req.header('idempotency-key')!,
            target: targetOf(body),
            salesRecordTypeId: body.salesRecordTypeId,
            expectedMatched: body.expectedMatched,
            ...(body.pageSize ? { pageSize: body.pageSize } : {}),
          },
        );
        if (result.outcome === 'changed') throw matchesChanged(result.counts, body.expectedMatched);
        if (result.outcome !== 'confirmed') throw refusal(result);
        const { runId, workflowId, matched } = result;
        // The fast path: start it now. The committed event starts it anyway (run-requests.consumer.ts),
        // so a Temporal that is away delays the run, it does not lose it.
        await startRunWorkflow(temporal.client, taskQueues, { tenantId, runId, matched, ...(result.pageSize ? { pageSize: result.pageSize } : {}) }).catch(
          (error: unknown) => logger.warn({ err: error, runId }, 'the run workflow will start from its event'),
        );
        res.status(202).location(`/sales-record-runs/${runId}`).json({ runId, workflowId, matched, links: links(runId, workflowId) });
      },
    },

    list: async ({ query: { limit, before } }, req, res) => {
      const { tenantId } = principalOf(req);
      const { runs, last } = await inTenant(database, tenantId, (tx) => runsOf(tx, tenantId, { limit, before: decodeTimeKeyset(before) }));
      res.json({ items: runs.map(toRunView), nextBefore: runs.length === limit && last ? encodeTimeKeyset(last) : null });
    },

    follow: async ({ params: { runId } }, req, res) => {
      const { run } = await foundRun(req, runId);
      res.json({ ...toRunView(run), links: links(run.id, run.workflowId) });
    },

    individualsCsv: csv('individuals.csv', ['individualId', 'firstName', 'lastName', 'salesRecordId'], (r) => [r.individualId, r.firstName, r.lastName, r.salesRecordId], true),
    outcomesCsv: csv('outcomes.csv', ['individualId', 'outcome', 'salesRecordId'], (r) => [r.individualId, outcomeText(r), r.salesRecordId]),
  });
}

const matchesChanged = (counts: RunCounts, expected: number) =>
  problems.conflict(
    'matches-changed',
    'The individuals changed since the preview',
    `The preview counted ${expected}; ${counts.matched} match now. Check the new numbers and confirm again with them.`,
    { ...counts, expectedMatched: expected },
  );
