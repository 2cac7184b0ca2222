import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { amsAccountSyncWorkflowId, type AmsSyncAction } from '@agencyflow/contracts';
import { forTenants, inTenant } from '@agencyflow/db';
import { encodeKeysetCursor, idempotency, parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { accountIdParams } from '../accounts/account-schemas';
import { contactIdParams } from '../contacts/contact-schemas';
import { findAmsConnection } from '../db/ams-store';
import { connectAms, disconnectAms, testAmsConnection } from './connect-ams';
import { contactSyncStates, findAmsSyncRequest, listAmsSyncRequests } from './ams-sync-queries';
import { amsConnectionBody, amsSyncRequestIdParams, listAmsSyncRequestsQuery } from './ams-sync-schemas';
import { toAmsConnectionView, toAmsSyncRequestView, toAmsSyncView } from './ams-sync-view';
import { requestAmsSync, type AmsSyncTarget } from './request-ams-sync';

const notConnected = () => problems.conflict('ams-not-connected', 'No AMS connected', 'Connect the tenant’s AMS first (PUT /ams/connection).');

/**
 * AMS-1 (the tenant's connection) and AMS-2 (add or sync a contact, sync an account), for users
 * with ams:sync. Syncs run in the account's workflow; these routes answer 202 with where to
 * follow the request and the workflow.
 */
export function amsSyncRoutes(deps: ServiceDeps): Router {
  const { database, idempotencyStore, config } = deps;
  const router = Router();
  const guard = requirePermission('ams:sync');
  const uiLink = (workflowId: string) => `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`;
  const statusUrl = (requestId: string) => `/ams/sync-requests/${requestId}`;

  router.put('/ams/connection', guard, async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const body = parseInput(amsConnectionBody, req.body);
    const { connection } = await connectAms(deps, { tenantId, actor: subject, body });
    res.json(toAmsConnectionView(connection));
  });

  router.get('/ams/connection', guard, async (req, res) => {
    const { tenantId } = principalOf(req);
    const connection = await inTenant(database, tenantId, (tx) => findAmsConnection(tx, tenantId));
    if (!connection) throw problems.notFound('AMS connection');
    res.json(toAmsConnectionView(connection));
  });

  router.delete('/ams/connection', guard, async (req, res) => {
    const { tenantId } = principalOf(req);
    const result = await disconnectAms(deps, tenantId);
    if (result.outcome === 'not-found') throw problems.notFound('AMS connection');
    res.status(204).end();
  });

  router.post('/ams/connection/test', guard, async (req, res) => {
    const { tenantId } = principalOf(req);
    const result = await testAmsConnection(deps, tenantId);
    if (result.outcome === 'not-found') throw problems.notFound('AMS connection');
    res.json({ ok: result.ok, message: result.message });
  });

  const requestSync = (action: AmsSyncAction, target: (params: unknown) => AmsSyncTarget) =>
    async (req: Request, res: Response) => {
      const { tenantId, subject } = principalOf(req);
      const result = await requestAmsSync(forTenants(database, tenantId), { tenantId, requestId: randomUUID(), action, target: target(req.params), requestedBy: subject });
      if (result.outcome === 'not-connected') throw notConnected();
      if (result.outcome === 'not-found') throw problems.notFound('contactId' in target(req.params) ? 'contact' : 'account');
      const workflowId = amsAccountSyncWorkflowId(tenantId, result.accountId);
      res.status(202).location(statusUrl(result.requestId)).json({ requestId: result.requestId, workflowId, statusUrl: statusUrl(result.requestId), temporalUiUrl: uiLink(workflowId) });
    };
  const contactTarget = (params: unknown) => parseInput(contactIdParams, params, 'path');
  const accountTarget = (params: unknown) => parseInput(accountIdParams, params, 'path');
  router.post('/contacts/:contactId/ams/add', guard, idempotency(idempotencyStore), requestSync('add-contact', contactTarget));
  router.post('/contacts/:contactId/ams/sync', guard, idempotency(idempotencyStore), requestSync('sync-contact', contactTarget));
  router.post('/accounts/:accountId/ams/sync', guard, idempotency(idempotencyStore), requestSync('sync-account', accountTarget));

  router.get('/ams/sync-requests/:requestId', guard, async (req, res) => {
    const { tenantId } = principalOf(req);
    const { requestId } = parseInput(amsSyncRequestIdParams, req.params, 'path');
    const found = await inTenant(database, tenantId, async (tx) => {
      const request = await findAmsSyncRequest(tx, tenantId, requestId);
      return request && { request, states: await contactSyncStates(tx, tenantId, request.contactId ? { contactId: request.contactId } : { accountId: request.accountId }) };
    });
    if (!found) throw problems.notFound('sync request');
    const { request, states } = found;
    res.json({
      ...toAmsSyncRequestView(request),
      contacts: states.map((s) => ({ contactId: s.contactId, ...toAmsSyncView(s), ofThisRequest: s.requestId === request.id })),
    });
  });

  /** The tenant's sync requests as jobs, newest first: by state, account, contact and request time. */
  router.get('/ams/sync-requests', guard, async (req, res) => {
    const { tenantId } = principalOf(req);
    const query = parseInput(listAmsSyncRequestsQuery, req.query, 'query');
    const page = await inTenant(database, tenantId, (tx) => listAmsSyncRequests(tx, tenantId, query));
    res.json({ items: page.items.map(toAmsSyncRequestView), nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
  });

  return router;
}
