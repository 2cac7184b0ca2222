import { Router, type Request, type Response } from 'express';
import { forTenants, inTenant } from '@agencyflow/db';
import { idempotency, parseInput, principalOf, problems, requirePermission, sendCsv } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { decodeTimeKeyset, encodeTimeKeyset } from '../http/time-keyset';
import { accountIndividuals, type RunTarget } from './account-individuals';
import { confirmRun } from './confirm-run';
import { previewRun, type RunCounts, type TypeRefusal } from './preview-run';
import { confirmRunBody, listRunsQuery, previewRunBody, runIdParams } from './run-schemas';
import { namesFromAccount } from './individual-names';
import { findRun, outcomeText, runIndividuals, runsOf, toRunView, type RunIndividualLine } from './run-queries';
import { startRunWorkflow } from './start-run-workflow';

const targetOf = (body: { criteria?: Record<string, unknown>; savedSearchId?: string }): RunTarget =>
  body.savedSearchId ? { savedSearchId: body.savedSearchId } : { criteria: body.criteria ?? {} };

const refusal = (result: TypeRefusal) =>
  result.outcome === 'not-found' ? problems.notFound('sales record type') : problems.conflict('sales-record-type-inactive', 'Sales record type inactive', result.reason);


/**
 * SR-2 and SR-6 over HTTP: preview and confirm a mass sales-record run, list and follow runs, and
 * download a run's individuals and outcomes as CSV. A run cannot be stopped or undone: there is
 * no cancel. Starting one needs individuals:edit and sales-enablement:view; following them
 * sales-enablement:view.
 */
export function salesRecordRunRoutes({ database, temporal, taskQueues, config, idempotencyStore, logger }: ServiceDeps): Router {
  const router = Router();
  const individuals = accountIndividuals(config);
  const start = requirePermission('individuals:edit', 'sales-enablement:view');
  const read = requirePermission('sales-enablement:view');
  const links = (runId: string, workflowId: string) => ({
    self: `/sales-record-runs/${runId}`,
    individualsCsv: `/sales-record-runs/${runId}/individuals.csv`,
    outcomesCsv: `/sales-record-runs/${runId}/outcomes.csv`,
    temporalUi: `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`,
  });

  router.post('/sales-record-runs/preview', start, async (req, res) => {
    const { tenantId } = principalOf(req);
    const body = parseInput(previewRunBody, req.body);
    const result = await previewRun({ database: forTenants(database, tenantId), individuals }, { tenantId, target: targetOf(body), salesRecordTypeId: body.salesRecordTypeId });
    if (result.outcome !== 'previewed') throw refusal(result);
    res.json(result.counts);
  });

  const requireKey = (req: Request, _res: Response, next: (error?: unknown) => void) =>
    next(req.header('idempotency-key') ? undefined : problems.validation([{ path: 'header.Idempotency-Key', message: 'required: the same key never starts two runs' }]));

  router.post('/sales-record-runs', start, requireKey, idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const body = parseInput(confirmRunBody, req.body);
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
  });

  router.get('/sales-record-runs', read, async (req, res) => {
    const { tenantId } = principalOf(req);
    const { limit, before } = parseInput(listRunsQuery, req.query, 'query');
    const { runs, last } = await inTenant(database, tenantId, (tx) => runsOf(tx, tenantId, { limit, before: decodeTimeKeyset(before) }));
    res.json({ items: runs.map(toRunView), nextBefore: runs.length === limit && last ? encodeTimeKeyset(last) : null });
  });

  const foundRun = async (req: Request) => {
    const { tenantId } = principalOf(req);
    const { runId } = parseInput(runIdParams, req.params, 'path');
    const run = await inTenant(database, tenantId, (tx) => findRun(tx, tenantId, runId));
    if (!run) throw problems.notFound('sales-record run');
    return { tenantId, run };
  };

  router.get('/sales-record-runs/:runId', read, async (req, res) => {
    const { run } = await foundRun(req);
    res.json({ ...toRunView(run), links: links(run.id, run.workflowId) });
  });

  /** Names for lines whose page is not decided yet (no sales record yet): the account service's. */
  const withNames = async (tenantId: string, rows: RunIndividualLine[]) => {
    const names = await namesFromAccount(individuals, tenantId, rows.filter((r) => r.salesRecordId === null).map((r) => r.individualId));
    return rows.map((r) => ({ ...r, ...names.get(r.individualId) }));
  };
  const csv = (name: string, header: string[], line: (row: RunIndividualLine) => unknown[], named = false) =>
    async (req: Request, res: Response) => {
      const { tenantId, run } = await foundRun(req);
      const batches = async function* () {
        for await (const rows of runIndividuals(forTenants(database, tenantId), run.id)) yield named ? await withNames(tenantId, rows) : rows;
      };
      await sendCsv(req, res, { name, header, line, logger, batches: batches() });
    };

  router.get(
    '/sales-record-runs/:runId/individuals.csv',
    read,
    csv('individuals.csv', ['individualId', 'firstName', 'lastName', 'salesRecordId'], (r) => [r.individualId, r.firstName, r.lastName, r.salesRecordId], true),
  );
  router.get(
    '/sales-record-runs/:runId/outcomes.csv',
    read,
    csv('outcomes.csv', ['individualId', 'outcome', 'salesRecordId'], (r) => [r.individualId, outcomeText(r), r.salesRecordId]),
  );

  return router;
}

const matchesChanged = (counts: RunCounts, expected: number) =>
  problems.conflict(
    'matches-changed',
    'The individuals changed since the preview',
    `The preview counted ${expected}; ${counts.matched} match now. Check the new numbers and confirm again with them.`,
    { ...counts, expectedMatched: expected },
  );
