import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  deterministicUuid,
  policySyncProgressQuery,
  policySyncWorkflowId,
  provisionAgentCrmWorkflowId,
  provisionAgentCrmWorkflowName,
  searchAttributeNames,
  type PolicySyncProgress,
  type ProvisionAgentCrmInput,
} from '@agencyflow/contracts';
import { idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { agentCrmUserBody, businessIdParams, policySyncBody, provisionBody } from './agent-crm-schemas';
import { emailsInUse, findBusiness, runsOf, usersOf } from './business-queries';
import { addAgent, setPolicySync } from './change-business';
import { startPolicySync } from './start-sync';

/**
 * Agent CRM administration for FMO admins (permission agent-crm:provision): provision a
 * business, follow it, turn policy sync on/off, re-sync, add agents. Long work runs in Temporal;
 * these routes answer 202 with where to follow it.
 */
export function agentCrmRoutes({ database, temporal, taskQueues, config, idempotencyStore }: ServiceDeps): Router {
  const router = Router();
  const { client } = temporal;
  const guard = requirePermission('agent-crm:provision');
  const uiLink = (workflowId: string) =>
    `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`;

  router.post('/agent-crm/businesses', guard, idempotency(idempotencyStore), async (req, res) => {
    const { tenantId: fmoTenantId, subject } = principalOf(req);
    const body = parseInput(provisionBody, req.body);
    const taken = await emailsInUse(database.db, body.users.map((u) => u.email));
    if (taken.length > 0) {
      throw problems.conflict('email-already-used', 'Email already used', 'Every Agent CRM user needs an email no other Agent CRM user has.', { emails: taken });
    }
    // The same Idempotency-Key always means the same business and the same workflow.
    const key = req.header('idempotency-key') ?? randomUUID();
    const businessId = deterministicUuid('agent-crm-business', fmoTenantId, key);
    const workflowId = provisionAgentCrmWorkflowId(fmoTenantId, key);
    const input: ProvisionAgentCrmInput = {
      businessId,
      fmoTenantId,
      name: body.name,
      kind: body.kind,
      users: body.users,
      policySyncEnabled: body.policySyncEnabled,
      requestedBy: subject,
      ...(body.pageSize ? { pageSize: body.pageSize } : {}),
    };
    const handle = await client.workflow.start(provisionAgentCrmWorkflowName, {
      workflowId,
      taskQueue: taskQueues.workflows,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      searchAttributes: {
        [searchAttributeNames.tenantId]: [fmoTenantId],
        [searchAttributeNames.businessId]: [businessId],
        [searchAttributeNames.runKind]: ['agent-crm-provisioning'],
      },
    });
    res.status(202).location(`/agent-crm/businesses/${businessId}`).json({
      businessId,
      workflowId,
      runId: handle.firstExecutionRunId,
      statusUrl: `/agent-crm/businesses/${businessId}`,
      temporalUiUrl: uiLink(workflowId),
    });
  });

  router.get('/agent-crm/businesses/:businessId', guard, async (req, res) => {
    const { tenantId: fmoTenantId } = principalOf(req);
    const { businessId } = parseInput(businessIdParams, req.params, 'path');
    const business = await findBusiness(database.db, fmoTenantId, businessId);
    if (!business) throw problems.notFound('business');
    const [users, runs] = await Promise.all([usersOf(database.db, businessId), runsOf(database.db, businessId)]);
    const latest = runs.find((r) => r.state === 'completed' || r.state === 'skipped');
    res.json({
      business: {
        id: business.id,
        name: business.name,
        kind: business.kind,
        state: business.state,
        policySyncEnabled: business.policySyncEnabled,
        createdBy: business.createdBy,
        createdAt: business.createdAt.toISOString(),
      },
      users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, npn: u.npn })),
      report: latest ? toReport(latest) : null,
      runningSync: await runningSync(businessId),
      runs: runs.map(toReport),
    });
  });

  router.post('/agent-crm/businesses/:businessId/policy-sync', guard, async (req, res) => {
    const { tenantId: fmoTenantId, subject } = principalOf(req);
    const { businessId } = parseInput(businessIdParams, req.params, 'path');
    const { enabled } = parseInput(policySyncBody, req.body);
    const result = await setPolicySync(database, { fmoTenantId, businessId, enabled, actor: subject });
    if (result.outcome === 'not-found') throw problems.notFound('business');
    if (enabled && result.outcome === 'changed') {
      // PS-7: enabling policy sync runs it.
      const { workflowId } = await startPolicySync(client, taskQueues, { fmoTenantId, businessId, trigger: 'enabled', requestedBy: subject });
      res.status(202).json({ policySyncEnabled: true, workflowId, temporalUiUrl: uiLink(workflowId), statusUrl: `/agent-crm/businesses/${businessId}` });
      return;
    }
    res.json({ policySyncEnabled: result.business.policySyncEnabled });
  });

  router.post('/agent-crm/businesses/:businessId/resync', guard, idempotency(idempotencyStore), async (req, res) => {
    const { tenantId: fmoTenantId, subject } = principalOf(req);
    const { businessId } = parseInput(businessIdParams, req.params, 'path');
    const business = await findBusiness(database.db, fmoTenantId, businessId);
    if (!business) throw problems.notFound('business');
    if (!business.policySyncEnabled) {
      throw problems.conflict('policy-sync-disabled', 'Policy sync is disabled', 'Enable policy sync for this business first (PS-7).');
    }
    const { workflowId } = await startPolicySync(client, taskQueues, { fmoTenantId, businessId, trigger: 'resync', requestedBy: subject });
    res.status(202).json({ workflowId, temporalUiUrl: uiLink(workflowId), statusUrl: `/agent-crm/businesses/${businessId}` });
  });

  router.post('/agent-crm/businesses/:businessId/agents', guard, async (req, res) => {
    const { tenantId: fmoTenantId, subject } = principalOf(req);
    const { businessId } = parseInput(businessIdParams, req.params, 'path');
    const user = parseInput(agentCrmUserBody, req.body);
    const result = await addAgent(database, { fmoTenantId, businessId, actor: subject, user });
    if (result.outcome === 'not-found') throw problems.notFound('business');
    if (result.outcome === 'not-an-agency') throw problems.conflict('not-an-agency', 'Not an agency', 'Agents can be added to agency businesses only.');
    if (result.outcome === 'email-in-use') {
      throw problems.conflict('email-already-used', 'Email already used', 'Every Agent CRM user needs an email no other Agent CRM user has.', { emails: [user.email] });
    }
    const added = { id: result.user.id, name: result.user.name, email: result.user.email, npn: result.user.npn };
    if (!result.business.policySyncEnabled) {
      res.status(201).json({ user: added, policySync: null });
      return;
    }
    // PS-8: the new agent's NPN policies sync now.
    const { workflowId } = await startPolicySync(client, taskQueues, { fmoTenantId, businessId, trigger: 'agent-added', requestedBy: subject });
    res.status(202).json({ user: added, policySync: { workflowId, temporalUiUrl: uiLink(workflowId) } });
  });

  async function runningSync(businessId: string) {
    try {
      const handle = client.workflow.getHandle(policySyncWorkflowId(businessId));
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING') return null;
      const progress = await handle.query<PolicySyncProgress>(policySyncProgressQuery);
      return { workflowId: description.workflowId, progress };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  return router;
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
