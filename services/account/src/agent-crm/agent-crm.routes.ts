import { randomUUID } from 'node:crypto';
import { defineRoutes, encodeKeysetCursor, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import { forTenants, inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { resyncPolicies } from '../policy-sync/resync-policies';
import { runningPolicySync } from '../policy-sync/running-policy-sync';
import { addAgent } from './add-agent';
import { agentCrmUserBody, businessIdParams, listBusinessesQuery, listSyncRunsQuery, policySyncBody, provisionBody, syncRunIdParams } from './agent-crm-schemas';
import {
  agentAddedSyncingView,
  agentAddedView,
  businessDetailView,
  businessPageView,
  policySyncSetView,
  policySyncTurnedOnView,
  provisioningStartedView,
  syncJobPageView,
  syncJobView,
  syncStartedView,
  toBusinessView,
  toReport,
  toSyncJob,
} from './agent-crm-view';
import { findBusiness, findSyncRun, listBusinesses, listSyncRuns, runsOf, usersOf } from './business-queries';
import { provisionBusiness } from './provision-business';
import { setPolicySync } from './set-policy-sync';

const emailAlreadyUsed = (emails: string[]) =>
  problems.conflict('email-already-used', 'Email already used', 'Every Agent CRM user needs an email no other Agent CRM user has.', { emails });
const stillProvisioning = (reason: string) => problems.conflict('business-provisioning', 'Business still provisioning', reason);

const permission = 'agent-crm:provision';
const provisioning = 'Business still provisioning (business-provisioning): try again once it is active';

export const agentCrmApi = defineRoutes({
  provision: {
    method: 'post',
    path: '/agent-crm/businesses',
    summary: 'Provision an Agent CRM business for a downline agent or agency (PS-3), with its first policy sync (PS-4..PS-6)',
    description:
      'Answers 202 with the provisioning workflow id, its Temporal UI link and where to follow it. The business is `provisioning` ' +
      'until its first sync is done, then `active`; a failed step removes it (saga). No Agent CRM user may share an email.',
    permission,
    body: provisionBody,
    idempotent: true,
    responses: { 202: ['Provisioning started', provisioningStartedView] },
    problems: { 409: 'An email is already used by an Agent CRM user (email-already-used)' },
  },
  businesses: {
    method: 'get',
    path: '/agent-crm/businesses',
    summary: 'List your FMO’s businesses, newest first (cursor: nextBefore): the provisioning jobs, by state and creation time',
    permission,
    query: listBusinessesQuery,
    responses: { 200: ['A page of businesses', businessPageView] },
  },
  syncRuns: {
    method: 'get',
    path: '/policy-syncs',
    summary: 'List the policy sync runs of your FMO’s businesses, newest first (cursor: nextBefore), by state, business and start time',
    description: 'Each run as a job: trigger, state, who asked, its counts (PS-9), its workflow id and where to follow it.',
    permission,
    query: listSyncRunsQuery,
    responses: { 200: ['A page of sync runs', syncJobPageView] },
  },
  syncRun: {
    method: 'get',
    path: '/policy-syncs/:runId',
    summary: 'Read one policy sync run: state, counts, workflow',
    permission,
    params: syncRunIdParams,
    responses: { 200: ['The run', syncJobView] },
    problems: { 404: 'No such run of your FMO’s businesses' },
  },
  business: {
    method: 'get',
    path: '/agent-crm/businesses/:businessId',
    summary: 'Read a business: state, users, the running sync and every run’s report (PS-9 counts)',
    permission,
    params: businessIdParams,
    responses: { 200: ['The business', businessDetailView] },
    problems: { 404: 'No such business of your FMO' },
  },
  setPolicySync: {
    method: 'post',
    path: '/agent-crm/businesses/:businessId/policy-sync',
    summary: 'Turn policy sync on (runs a sync) or off (re-syncs refused, synced data kept) (PS-7)',
    permission,
    params: businessIdParams,
    body: policySyncBody,
    responses: { 200: ['Unchanged or turned off', policySyncSetView], 202: ['Turned on; the sync starts', policySyncTurnedOnView] },
    problems: { 404: 'No such business', 409: provisioning },
  },
  resync: {
    method: 'post',
    path: '/agent-crm/businesses/:businessId/resync',
    summary: 'Re-sync policies: new ones added, changed ones updated, nothing duplicated (PS-6)',
    permission,
    params: businessIdParams,
    idempotent: true,
    responses: { 202: ['Sync started (or one more run asked of the running one)', syncStartedView] },
    problems: { 404: 'No such business', 409: `Policy sync is disabled (policy-sync-disabled), or: ${provisioning}` },
  },
  addAgent: {
    method: 'post',
    path: '/agent-crm/businesses/:businessId/agents',
    summary: 'Add an agent to an agency business; with policy sync on, their NPN’s policies sync (PS-8)',
    permission,
    params: businessIdParams,
    body: agentCrmUserBody,
    example: { name: 'Sam Ortiz', email: 'sam@brooks.example', npn: '4417890' },
    responses: { 201: ['Added (policy sync is off)', agentAddedView], 202: ['Added; the sync starts', agentAddedSyncingView] },
    problems: { 404: 'No such business', 409: `Not an agency (not-an-agency), an email already used (email-already-used), or: ${provisioning}` },
  },
});

/**
 * Agent CRM administration for FMO admins (permission agent-crm:provision): provision a
 * business, follow it, turn policy sync on/off, re-sync, add agents. Long work runs in Temporal;
 * these routes answer 202 with where to follow it.
 */
export function agentCrmRoutes(deps: ServiceDeps): BoundRoute[] {
  const { database, temporal, config } = deps;
  const uiLink = (workflowId: string) =>
    `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`;
  const statusUrl = (businessId: string) => `/agent-crm/businesses/${businessId}`;
  // Commands act as the FMO: they see its businesses and nothing of another FMO's.
  const asFmo = (fmoTenantId: string) => ({ ...deps, database: forTenants(database, fmoTenantId) });
  const nextBefore = (next: { createdAt: string; id: string } | null) => (next ? encodeKeysetCursor(next.createdAt, next.id) : null);

  return implementRoutes(agentCrmApi, {
    provision: async ({ body: business }, req, res) => {
      const { tenantId: fmoTenantId, subject } = principalOf(req);
      // The same Idempotency-Key always means the same business and the same workflow.
      const idempotencyKey = req.header('idempotency-key') ?? randomUUID();
      const result = await provisionBusiness(deps, { fmoTenantId, requestedBy: subject, idempotencyKey, business });
      if (result.outcome === 'conflict') throw emailAlreadyUsed(result.emails);
      const { businessId, workflowId, runId } = result;
      res.status(202).location(statusUrl(businessId)).json({ businessId, workflowId, runId, statusUrl: statusUrl(businessId), temporalUiUrl: uiLink(workflowId) });
    },

    // Provisioning jobs: the FMO's businesses, newest first, by state and creation time.
    businesses: async ({ query }, req, res) => {
      const { tenantId: fmoTenantId } = principalOf(req);
      const page = await inTenant(database, fmoTenantId, (tx) => listBusinesses(tx, fmoTenantId, query));
      res.json({
        items: page.items.map((b) => ({ ...toBusinessView(b), links: { self: statusUrl(b.id), syncs: `/policy-syncs?businessId=${b.id}` } })),
        nextBefore: nextBefore(page.next),
      });
    },

    // Policy sync jobs of the FMO's businesses (PS-4..PS-8), newest first, by state, business and time.
    syncRuns: async ({ query }, req, res) => {
      const { tenantId: fmoTenantId } = principalOf(req);
      const page = await inTenant(database, fmoTenantId, (tx) => listSyncRuns(tx, fmoTenantId, query));
      res.json({ items: page.items.map(toSyncJob), nextBefore: nextBefore(page.next) });
    },

    syncRun: async ({ params: { runId } }, req, res) => {
      const { tenantId: fmoTenantId } = principalOf(req);
      const run = await inTenant(database, fmoTenantId, (tx) => findSyncRun(tx, fmoTenantId, runId));
      if (!run) throw problems.notFound('policy sync run');
      res.json(toSyncJob(run));
    },

    business: async ({ params: { businessId } }, req, res) => {
      const { tenantId: fmoTenantId } = principalOf(req);
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
    },

    // PS-7: enabling policy sync runs it.
    setPolicySync: async ({ params: { businessId }, body: { enabled } }, req, res) => {
      const { tenantId: fmoTenantId, subject } = principalOf(req);
      const result = await setPolicySync(asFmo(fmoTenantId), { fmoTenantId, businessId, enabled, actor: subject });
      if (result.outcome === 'not-found') throw problems.notFound('business');
      if (result.outcome === 'provisioning') throw stillProvisioning(result.reason);
      if (result.sync) {
        const { workflowId } = result.sync;
        res.status(202).json({ policySyncEnabled: true, workflowId, temporalUiUrl: uiLink(workflowId), statusUrl: statusUrl(businessId) });
        return;
      }
      res.json({ policySyncEnabled: result.business.policySyncEnabled });
    },

    resync: async ({ params: { businessId } }, req, res) => {
      const { tenantId: fmoTenantId, subject } = principalOf(req);
      const result = await resyncPolicies(asFmo(fmoTenantId), { fmoTenantId, businessId, requestedBy: subject });
      if (result.outcome === 'not-found') throw problems.notFound('business');
      if (result.outcome === 'provisioning') throw stillProvisioning(result.reason);
      if (result.outcome === 'refused') throw problems.conflict('policy-sync-disabled', 'Policy sync is disabled', result.reason);
      res.status(202).json({ workflowId: result.workflowId, temporalUiUrl: uiLink(result.workflowId), statusUrl: statusUrl(businessId) });
    },

    // PS-8: a new agent of an agency with policy sync gets their NPN's policies synced now.
    addAgent: async ({ params: { businessId }, body: user }, req, res) => {
      const { tenantId: fmoTenantId, subject } = principalOf(req);
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
    },
  });
}
