import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { amsAccountSyncWorkflowId, type AmsSyncAction } from '@agencyflow/contracts';
import { forTenants, inTenant } from '@agencyflow/db';
import { defineRoutes, encodeKeysetCursor, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { accountIdParams } from '../accounts/account-schemas';
import { contactIdParams } from '../contacts/contact-schemas';
import { findAmsConnection } from '../db/ams-store';
import { connectAms, disconnectAms, testAmsConnection } from './connect-ams';
import { contactSyncStates, findAmsSyncRequest, listAmsSyncRequests } from './ams-sync-queries';
import { amsConnectionBody, amsSyncRequestIdParams, listAmsSyncRequestsQuery } from './ams-sync-schemas';
import {
  amsConnectionTestView,
  amsConnectionView,
  amsSyncQueuedView,
  amsSyncRequestDetailView,
  amsSyncRequestPageView,
  toAmsConnectionView,
  toAmsSyncRequestView,
  toAmsSyncView,
} from './ams-sync-view';
import { requestAmsSync, type AmsSyncTarget } from './request-ams-sync';

const notConnected = () => problems.conflict('ams-not-connected', 'No AMS connected', 'Connect the tenant’s AMS first (PUT /ams/connection).');

const permission = 'ams:sync';
const queued =
  'Answers 202 with the request id, where to follow it (`statusUrl`), and the account’s sync workflow (`ams-sync/<tenant>/<account>`) with its Temporal UI link. ' +
  'Requests for one account run one at a time in arrival order (AMS-6); a secondary is synced only after its primary (AMS-3: `Primary Contact not synced` otherwise); ' +
  'transient AMS failures are retried within a bounded time, validation errors stop the contact with the AMS’s own message (AMS-4).';
const notConnectedProblem = 'No AMS connected (ams-not-connected)';

/** The three routes that queue a sync differ in their target only. */
const syncRequest = <P extends typeof contactIdParams | typeof accountIdParams>(path: string, summary: string, params: P, missing: string) =>
  ({
    method: 'post',
    path,
    summary,
    description: queued,
    permission,
    params,
    idempotent: true,
    responses: { 202: ['Queued', amsSyncQueuedView] },
    problems: { 404: missing, 409: notConnectedProblem },
  }) as const;

export const amsSyncApi = defineRoutes({
  connect: {
    method: 'put',
    path: '/ams/connection',
    summary: 'Connect the tenant’s one AMS (AMS-1): kind, base URL, credentials (stored encrypted, never returned), poll interval, rate limit',
    description: 'A second connect replaces the first. Also creates (or updates) the Temporal Schedule `ams-inbound/<tenant>` that polls the AMS for changes (AMS-7).',
    permission,
    body: amsConnectionBody,
    responses: { 200: ['Connected', amsConnectionView] },
  },
  connection: {
    method: 'get',
    path: '/ams/connection',
    summary: 'Read the tenant’s AMS connection (never its credentials)',
    permission,
    responses: { 200: ['The connection', amsConnectionView] },
    problems: { 404: 'No AMS connected' },
  },
  disconnect: {
    method: 'delete',
    path: '/ams/connection',
    summary: 'Disconnect the AMS: the connection and its credentials deleted, the inbound Schedule too',
    permission,
    responses: { 204: 'Disconnected' },
    problems: { 404: 'No AMS connected' },
  },
  test: {
    method: 'post',
    path: '/ams/connection/test',
    summary: 'Test the connection: one read with the stored credentials; `ok` and the AMS’s answer',
    permission,
    responses: { 200: ['The test’s outcome', amsConnectionTestView] },
    problems: { 404: 'No AMS connected' },
  },
  addContact: syncRequest(
    '/contacts/:contactId/ams/add',
    'Add contact to AMS (AMS-2): create its AMS record (or find the one a retried add made, AMS-5) and keep its AMS id',
    contactIdParams,
    'No such contact',
  ),
  syncContact: syncRequest('/contacts/:contactId/ams/sync', 'Sync contact (AMS-2): push the CRM fields to its linked AMS record', contactIdParams, 'No such contact'),
  syncAccount: syncRequest(
    '/accounts/:accountId/ams/sync',
    'Sync the whole account: the primary first, then the secondaries (AMS-3); contacts not in the AMS yet are added',
    accountIdParams,
    'No such account',
  ),
  request: {
    method: 'get',
    path: '/ams/sync-requests/:requestId',
    summary: 'Follow a sync request: its state and its contacts’ sync states (not synced / queued / syncing / synced with AMS id / failed with the AMS’s message)',
    permission,
    params: amsSyncRequestIdParams,
    responses: { 200: ['The request', amsSyncRequestDetailView] },
    problems: { 404: 'No such request' },
  },
  requests: {
    method: 'get',
    path: '/ams/sync-requests',
    summary: 'List the tenant’s AMS sync requests as jobs, newest first (cursor: nextBefore), by state, account, contact and request time',
    permission,
    query: listAmsSyncRequestsQuery,
    responses: { 200: ['A page of sync requests, each as GET /ams/sync-requests/{requestId} answers it without the contacts', amsSyncRequestPageView] },
  },
});

/**
 * AMS-1 (the tenant's connection) and AMS-2 (add or sync a contact, sync an account), for users
 * with ams:sync. Syncs run in the account's workflow; these routes answer 202 with where to
 * follow the request and the workflow.
 */
export function amsSyncRoutes(deps: ServiceDeps): BoundRoute[] {
  const { database, config } = deps;
  const uiLink = (workflowId: string) => `${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`;
  const statusUrl = (requestId: string) => `/ams/sync-requests/${requestId}`;

  const requestSync =
    (action: AmsSyncAction) =>
    async ({ params: target }: { params: AmsSyncTarget }, req: Request, res: Response) => {
      const { tenantId, subject } = principalOf(req);
      const result = await requestAmsSync(forTenants(database, tenantId), { tenantId, requestId: randomUUID(), action, target, requestedBy: subject });
      if (result.outcome === 'not-connected') throw notConnected();
      if (result.outcome === 'not-found') throw problems.notFound('contactId' in target ? 'contact' : 'account');
      const workflowId = amsAccountSyncWorkflowId(tenantId, result.accountId);
      res.status(202).location(statusUrl(result.requestId)).json({ requestId: result.requestId, workflowId, statusUrl: statusUrl(result.requestId), temporalUiUrl: uiLink(workflowId) });
    };

  return implementRoutes(amsSyncApi, {
    connect: async ({ body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const { connection } = await connectAms(deps, { tenantId, actor: subject, body });
      res.json(toAmsConnectionView(connection));
    },

    connection: async (_input, req, res) => {
      const { tenantId } = principalOf(req);
      const connection = await inTenant(database, tenantId, (tx) => findAmsConnection(tx, tenantId));
      if (!connection) throw problems.notFound('AMS connection');
      res.json(toAmsConnectionView(connection));
    },

    disconnect: async (_input, req, res) => {
      const { tenantId } = principalOf(req);
      const result = await disconnectAms(deps, tenantId);
      if (result.outcome === 'not-found') throw problems.notFound('AMS connection');
      res.status(204).end();
    },

    test: async (_input, req, res) => {
      const { tenantId } = principalOf(req);
      const result = await testAmsConnection(deps, tenantId);
      if (result.outcome === 'not-found') throw problems.notFound('AMS connection');
      res.json({ ok: result.ok, message: result.message });
    },

    addContact: requestSync('add-contact'),
    syncContact: requestSync('sync-contact'),
    syncAccount: requestSync('sync-account'),

    request: async ({ params: { requestId } }, req, res) => {
      const { tenantId } = principalOf(req);
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
    },

    /** The tenant's sync requests as jobs, newest first: by state, account, contact and request time. */
    requests: async ({ query }, req, res) => {
      const { tenantId } = principalOf(req);
      const page = await inTenant(database, tenantId, (tx) => listAmsSyncRequests(tx, tenantId, query));
      res.json({ items: page.items.map(toAmsSyncRequestView), nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
    },
  });
}
