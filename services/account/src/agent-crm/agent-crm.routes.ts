import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { encodeKeysetCursor, idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import { policySyncWorkflowId } from '@agencyflow/contracts';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { resyncPolicies } from '../policy-sync/resync-policies';
import { runningPolicySync } from '../policy-sync/running-policy-sync';
import { addAgent } from './add-agent';
import { agentCrmUserBody, businessIdParams, listBusinessesQuery, listSyncRunsQuery, policySyncBody, provisionBody, syncRunIdParams } from './agent-crm-schemas';
import { findBusiness, findSyncRun, listBusinesses, listSyncRuns, runsOf, usersOf } from './business-queries';
import { provisionBusiness } from './provision-business';
import { setPolicySync } from './set-policy-sync';

const emailAlreadyUsed = (emails: string[]) =>
  problems.conflict('email-already-used', 'Email already used', 'Every Agent CRM user needs an email no other Agent CRM user has.', { emails });
const stillProvisioning = (reason: string) => problems.conflict('business-provisioning', 'Business still provisioning', reason);

/**
 * Agent CRM administration for FMO admins (permission agent-crm:provision): provision a
 * business, follow it, turn policy sync on/off, re-sync, add agents. Long work runs in Temporal;
 * these routes answer 202 with where to follow it.
 */
export function agentCrmRoutes(deps: ServiceDeps): Router {
  const { database, temporal, config, idempotencyStore } = deps;
  const router = Router();
  const guard = requirePermission('agent-crm:provision');
  const uiLink = (workflowId: string) =>
    `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`;
  const statusUrl = (businessId: string) => `/agent-crm/businesses/${businessId}`;
  // Commands act as the FMO: they see its businesses and nothing of another FMO's.
  const asFmo = (fmoTenantId: string) => ({ ...deps, database: forTenants(database, fmoTenantId) });

  router.post('/agent-crm/businesses', guard, idempotency(idempotencyStore), async (req, res) => {
    const { tenantId: fmoTenantId, subject } = principalOf(req);
    const business = parseInput(provisionBody, req.body);
    // The same Idempotency-Key always means the same business and the same workflow.
    const idempotencyKey = req.header('idempotency-key') ?? randomUUID();
    const result = await provisionBusiness(deps, { fmoTenantId, requestedBy: subject, idempotencyKey, business });
    if (result.outcome === 'conflict') throw emailAlreadyUsed(result.emails);
    const { businessId, workflowId, runId } = result;
    res.status(202).location(statusUrl(businessId)).json({ businessId, workflowId, runId, statusUrl: statusUrl(businessId), temporalUiUrl: uiLink(workflowId) });
  });

  const nextBefore = (next: { createdAt: string; id: string } | null) => (next ? encodeKeysetCursor(next.createdAt, next.id) : null);

  // Provisioning jobs: the FMO's businesses, newest first, by state and creation time.
  router.get('/agent-crm/businesses', guard, async (req, res) => {
    const { tenantId: fmoTenantId } = principalOf(req);
    const query = parseInput(listBusinessesQuery, req.query, 'query');
    const page = await inTenant(database, fmoTenantId, (tx) => listBusinesses(tx, fmoTenantId, query));
    res.json({
      items: page.items.map((b) => ({ ...toBusinessView(b), links: { self: statusUrl(b.id), syncs: `/policy-syncs?businessId=${b.id}` } })),
      nextBefore: nextBefore(page.next),
    });
  });

  // Policy sync jobs of the FMO's businesses (PS-4..PS-8), newest first, by state, business and time.
  router.get('/policy-syncs', guard, async (req, res) => {
    const { tenantId: fmoTenantId } = principalOf(req);
    const query = parseInput(listSyncRunsQuery, req.query, 'query');
    const page = await inTenant(database, fmoTenantId, (tx) => listSyncRuns(tx, fmoTenantId, query));
    res.json({ items: page.items.map(toSyncJob), nextBefore: nextBefore(page.next) });
  });

  router.get('/policy-syncs/:runId', guard, async (req, res) => {
    const { tenantId: fmoTenantId } = principalOf(req);
    const { runId } = parseInput(syncRunIdParams, req.params, 'path');
    const run = await inTenant(database, fmoTenantId, (tx) => findSyncRun(tx, fmoTenantId, runId));
    if (!run) throw problems.notFound('policy sync run');
    res.json(toSyncJob(run));
  });

  router.get('/agent-crm/businesses/:businessId', guard, async (req, res) => {
    const { tenantId: fmoTenantId } = principalOf(req);
    const { businessId } = parseInput(businessIdParams, req.params, 'path');
    // As the FMO (row-level security): another FMO's business answers like a missing one.
    const found = await inTenant(database, fmoTenantId, async (tx) => {
      const business = await findBusiness(tx, fmoTenantId, businessId);
      return business && { business, users: await usersOf(tx, businessId), runs: await runsOf(tx, businessId) };
    });
    if (!found) throw problems.notFound('business');
    const { business, users, runs } = found;
    const latest = runs.find((r) => r.state === 'completed' || r.state === 'skipped');
    res.json({
      business: toBusinessView(business),
      users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, npn: u.npn })),
      report: latest ? toReport(latest) : null,
      runningSync: await runningPolicySync(temporal.client, businessId),
      runs: runs.map(toReport),
    });
  });

  // PS-7: enabling policy sync runs it.
  router.post('/agent-crm/businesses/:businessId/policy-sync', guard, async (req, res) => {
    const { tenantId: fmoTenantId, subject } = principalOf(req);
    const { businessId } = parseInput(businessIdParams, req.params, 'path');
    const { enabled } = parseInput(policySyncBody, req.body);
    const result = await setPolicySync(asFmo(fmoTenantId), { fmoTenantId, businessId, enabled, actor: subject });
    if (result.outcome === 'not-found') throw problems.notFound('business');
    if (result.outcome === 'provisioning') throw stillProvisioning(result.reason);
    if (result.sync) {
      const { workflowId } = result.sync;
      res.status(202).json({ policySyncEnabled: true, workflowId, temporalUiUrl: uiLink(workflowId), statusUrl: statusUrl(businessId) });
      return;
    }
    res.json({ policySyncEnabled: result.business.policySyncEnabled });
  });

  router.post('/agent-crm/businesses/:businessId/resync', guard, idempotency(idempotencyStore), async (req, res) => {
    const { tenantId: fmoTenantId, subject } = principalOf(req);
    const { businessId } = parseInput(businessIdParams, req.params, 'path');
    const result = await resyncPolicies(asFmo(fmoTenantId), { fmoTenantId, businessId, requestedBy: subject });
    if (result.outcome === 'not-found') throw problems.notFound('business');
    if (result.outcome === 'provisioning') throw stillProvisioning(result.reason);
    if (result.outcome === 'refused') throw problems.conflict('policy-sync-disabled', 'Policy sync is disabled', result.reason);
    res.status(202).json({ workflowId: result.workflowId, temporalUiUrl: uiLink(result.workflowId), statusUrl: statusUrl(businessId) });
  });

  // PS-8: a new agent of an agency with policy sync gets their NPN's policies synced now.
  router.post('/agent-crm/businesses/:businessId/agents', guard, async (req, res) => {
    const { tenantId: fmoTenantId, subject } = principalOf(req);
    const { businessId } = parseInput(businessIdParams, req.params, 'path');
    const user = parseInput(agentCrmUserBody, req.body);
    const result = await addAgent(asFmo(fmoTenantId), { fmoTenantId, businessId, actor: subject, user });
    if (result.outcome === 'not-found') throw problems.notFound('business');
    if (result.outcome === 'provisioning') throw stillProvisioning(result.reason);
    if (result.outcome === 'refused') throw problems.conflict('not-an-agency', 'Not an agency', result.reason);
    if (result.outcome === 'conflict') throw emailAlreadyUsed(result.emails);
    const added = { id: result.user.id, name: result.user.name, email: result.user.email, npn: result.user.npn };
    if (!result.sync) {
      res.status(201).json({ user: added, policySync: null });
      return;
    }
    const { workflowId } = result.sync;
    res.status(202).json({ user: added, policySync: { workflowId, temporalUiUrl: uiLink(workflowId) } });
  });

  return router;
}

function toBusinessView(business: NonNullable<Awaited<ReturnType<typeof findBusiness>>>) {
  return {
    id: business.id,
    name: business.name,
    kind: business.kind,
    state: business.state,
    policySyncEnabled: business.policySyncEnabled,
    createdBy: business.createdBy,
    createdAt: business.createdAt.toISOString(),
  };
}

/** A sync run as a job: the report of the business page, with where it belongs and where to follow it. */
function toSyncJob(run: Awaited<ReturnType<typeof runsOf>>[number]) {
  return {
    kind: 'policy-sync',
    businessId: run.businessId,
    workflowId: policySyncWorkflowId(run.businessId),
    ...toReport(run),
    links: { self: `/policy-syncs/${run.runId}`, business: `/agent-crm/businesses/${run.businessId}` },
  };
}

function toReport(run: Awaited<ReturnType<typeof runsOf>>[number]) {
  return {
    runId: run.runId,
    trigger: run.trigger,
    state: run.state,
    reason: run.reason,
    requestedBy: run.requestedBy,
    npns: run.npns,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    ...run.totals,
  };
}
