import type { Request, Response } from 'express';
import { defineRoutes, implementRoutes, parseInput, principalOf, ProblemError, problems, type BoundRoute, type RouteDeclaration } from '@agencyflow/http';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { lifecycleActionNames, lifecycleActions, type LifecycleAction } from '../domain/policy-lifecycle';
import { createPolicyExample, policyExample } from '../openapi-examples';
import { changePolicyStatus } from './change-policy-status';
import { createPolicy } from './create-policy';
import { deletePolicy } from './delete-policy';
import { getPolicy, listPolicies } from './policy-queries';
import { updatePolicy } from './update-policy';
import {
  createPolicyBody,
  encodeCursor,
  ifMatchHeader,
  lifecycleAnswerView,
  listPoliciesQuery,
  policyIdParams,
  policyPageView,
  policyView,
  updatePolicyBody,
  type MemberInput,
} from './policy-schemas';
import { toPolicyView } from './policy-view';
import { recordMemberViews } from './record-member-views';

const mayViewProtected = (req: Request) => principalOf(req).permissions.has('protected-data:view');

const toMemberContent = (m: MemberInput) => ({
  relationship: m.relationship,
  firstName: m.firstName,
  lastName: m.lastName,
  dateOfBirth: m.dateOfBirth ?? null,
  gender: m.gender ?? null,
  email: m.email ?? null,
  phone: m.phone ?? null,
  addressLine1: m.address?.line1 ?? null,
  city: m.address?.city ?? null,
  state: m.address?.state ?? null,
  zip: m.address?.zip ?? null,
  mbi: m.mbi ?? null,
  contactId: m.contactId ?? null,
});

const contactNotInAccount = (contactIds: string[]) =>
  problems.unprocessable('contact-not-in-account', 'Contact not in account', 'Every contact named must be a contact of the policy\'s account.', {
    contactIds,
  });

const etag = { ETag: 'The policy revision, for If-Match on PATCH.' };

/** A lifecycle route: POST /policies/{policyId}/{action}, allowed from the statuses its rule names. */
const lifecycleRoute = (action: LifecycleAction) => {
  const rule = lifecycleActions[action];
  return {
    method: 'post',
    path: `/policies/:policyId/${action}`,
    summary: `${action[0]!.toUpperCase()}${action.slice(1)} a policy (${rule.from.join(', ')} -> ${rule.to})`,
    description:
      (action === 'activate' ? 'ACC-7: the policy becomes active and its account becomes active (the account service reacts to the event). ' : '') +
      `Allowed from ${rule.from.join(', ')}; any other status answers 409. Revision + 1 and policy.policy-changed v1 (change "${rule.change}") in the same transaction.`,
    permission: 'policies:edit',
    params: policyIdParams,
    idempotent: true,
    responseHeaders: etag,
    responses: { 200: [rule.message, lifecycleAnswerView, { message: rule.message, policy: { ...policyExample, status: rule.to } }] },
    problems: { 404: 'No such policy in your tenant', 409: 'Illegal status change (type .../illegal-transition, with status, action and allowedFrom)' },
  } satisfies RouteDeclaration;
};
const lifecycleRoutes = Object.fromEntries(lifecycleActionNames.map((action) => [action, lifecycleRoute(action)])) as Record<LifecycleAction, ReturnType<typeof lifecycleRoute>>;

export const policyApi = defineRoutes({
  postPolicies: {
    method: 'post',
    path: '/policies',
    summary: 'Create a policy for an account of your tenant',
    description: "The account must be known to the policy service and the policyholder and member contacts must belong to it (422 otherwise). policyholderContactId defaults to the account's primary contact. Carrier + policy number are unique in the tenant (409).",
    permission: 'policies:edit',
    body: createPolicyBody,
    example: createPolicyExample,
    idempotent: true,
    responseHeaders: etag,
    responses: { 201: ['Created (status pending unless active was asked for)', policyView, { ...policyExample, status: 'pending', revision: 1 }] },
    problems: { 400: 'Invalid body (e.g. NPN not 1-10 digits, MBI not in the CMS format, 2026-02-30)', 409: 'The carrier already has this policy number in your tenant', 422: 'Unknown account, a contact outside the account, or a duplicate member' },
  },
  getPolicies: {
    method: 'get',
    path: '/policies',
    summary: 'List your tenant\'s policies, in carrier and policy number order',
    permission: 'policies:view',
    query: listPoliciesQuery,
    responses: { 200: ['A page; pass nextCursor as cursor for the next one', policyPageView, { items: [policyExample], nextCursor: null }] },
    problems: { 400: 'Invalid filter or cursor' },
  },
  getPoliciesByPolicyId: {
    method: 'get',
    path: '/policies/:policyId',
    summary: 'Read a policy of your tenant with its members',
    permission: 'policies:view',
    params: policyIdParams,
    responseHeaders: etag,
    responses: { 200: ['The policy', policyView, policyExample] },
    problems: { 400: 'Malformed policy id', 404: 'No such policy in your tenant' },
  },
  patchPoliciesByPolicyId: {
    method: 'patch',
    path: '/policies/:policyId',
    summary: 'Change a policy\'s premium, dates, coverage type, writing agent NPN or policyholder contact',
    description: 'Status changes go through the lifecycle routes. A change that changes nothing writes nothing; otherwise revision + 1 and policy-changed "updated".',
    permission: 'policies:edit',
    params: policyIdParams,
    body: updatePolicyBody,
    example: { premium: '134.20', renewalDate: '2027-01-01' },
    requestHeaders: { 'If-Match': 'The ETag (revision) you read; 412 if the policy changed since.' },
    responseHeaders: etag,
    responses: { 200: ['The policy after the change', policyView, { ...policyExample, premium: '134.20', revision: 3 }] },
    problems: { 400: 'Invalid body', 404: 'No such policy in your tenant', 412: 'The policy is no longer at the If-Match revision', 422: "The policyholder contact is not a contact of the policy's account" },
  },
  deletePoliciesByPolicyId: {
    method: 'delete',
    path: '/policies/:policyId',
    summary: 'Delete a policy and its members',
    description: 'Publishes policy.policy-deleted v1 with reason "user".',
    permission: 'policies:edit',
    params: policyIdParams,
    responses: { 204: 'Deleted' },
    problems: { 404: 'No such policy in your tenant' },
  },
  ...lifecycleRoutes,
});

/** PS-1 policies of the caller's tenant; another tenant's policy answers 404. */
export function policyRoutes(deps: ServiceDeps): BoundRoute[] {
  const { database, fieldCipher } = deps;

  /**
   * Answers of requests that take an Idempotency-Key are stored as they are sent, so they always
   * mask protected fields (X-4: nothing protected at rest in clear); GET shows them to those who may.
   */
  const answerPolicy = async (req: Request, policyId: string, { stored = false } = {}) => {
    const found = await getPolicy(forTenants(database, principalOf(req).tenantId), principalOf(req).tenantId, policyId);
    if (!found) throw problems.notFound('policy');
    const mayView = !stored && mayViewProtected(req);
    await recordMemberViews(database, req, [found], mayView);
    return { view: toPolicyView(found, fieldCipher, mayView), etag: `"${found.policy.revision}"` };
  };

  // The lifecycle (PS-1): each action allowed from the statuses its rule names, 409 otherwise.
  const changeStatus =
    (action: LifecycleAction) =>
    async ({ params: { policyId } }: { params: { policyId: string } }, req: Request, res: Response) => {
      const { tenantId, subject } = principalOf(req);
      const result = await changePolicyStatus(forTenants(database, tenantId), { tenantId, policyId, action, changedBy: subject });
      if (result.outcome !== 'updated') {
        if (result.outcome === 'not-found') throw problems.notFound('policy');
        throw problems.conflict(
          'illegal-transition',
          'Illegal status change',
          `A ${result.status} policy cannot be ${lifecycleActions[action].change}.`,
          { currentStatus: result.status, action, allowedFrom: result.allowedFrom },
        );
      }
      const { view, etag } = await answerPolicy(req, policyId, { stored: true });
      res.setHeader('etag', etag).json({ message: lifecycleActions[action].message, policy: view });
    };
  const lifecycleHandlers = Object.fromEntries(lifecycleActionNames.map((action) => [action, changeStatus(action)])) as Record<LifecycleAction, ReturnType<typeof changeStatus>>;

  return implementRoutes(policyApi, {
    postPolicies: async ({ body }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await createPolicy({ ...deps, database: forTenants(database, tenantId) }, {
        tenantId,
        createdBy: subject,
        accountId: body.accountId,
        policyholderContactId: body.policyholderContactId,
        carrier: body.carrier,
        policyNumber: body.policyNumber,
        coverageType: body.coverageType,
        status: body.status,
        effectiveDate: body.effectiveDate,
        renewalDate: body.renewalDate ?? null,
        premium: body.premium,
        writingAgentNpn: body.writingAgentNpn,
        members: body.members.map(toMemberContent),
      });
      if (result.outcome !== 'created') {
        switch (result.outcome) {
          case 'unknown-account':
            throw problems.unprocessable('unknown-account', 'Unknown account', 'No such account in your tenant.', { accountId: body.accountId });
          case 'contact-not-in-account':
            throw contactNotInAccount(result.contactIds);
          case 'duplicate-member':
            throw problems.unprocessable('duplicate-member', 'Duplicate member', 'A member (same name and date of birth) or the policyholder is listed twice.');
          case 'policy-number-taken':
            throw problems.conflict('policy-number-taken', 'Policy number taken', 'This carrier already has a policy with this number in your tenant.', {
              carrier: body.carrier,
              policyNumber: body.policyNumber,
            });
        }
      }
      const { view, etag } = await answerPolicy(req, result.policyId, { stored: true });
      res.status(201).location(`/policies/${view.id}`).setHeader('etag', etag).json(view);
    },

    getPolicies: async ({ query: { limit, cursor, ...filter } }, req, res) => {
      const { tenantId } = principalOf(req);
      const page = await listPolicies(forTenants(database, tenantId), tenantId, filter, { limit, after: cursor });
      const mayView = mayViewProtected(req);
      await recordMemberViews(database, req, page.items, mayView);
      res.json({
        items: page.items.map((item) => toPolicyView(item, fieldCipher, mayView)),
        nextCursor: page.next ? encodeCursor(page.next) : null,
      });
    },

    getPoliciesByPolicyId: async ({ params: { policyId } }, req, res) => {
      const { view, etag } = await answerPolicy(req, policyId);
      res.setHeader('etag', etag).json(view);
    },

    patchPoliciesByPolicyId: async ({ params: { policyId }, body: changes }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const ifMatch = req.header('if-match');
      const expectedRevision = ifMatch === undefined ? undefined : parseInput(ifMatchHeader, ifMatch, 'header.If-Match');
      const result = await updatePolicy(forTenants(database, tenantId), { tenantId, policyId, changedBy: subject, expectedRevision, changes });
      if (result.outcome !== 'updated' && result.outcome !== 'unchanged') {
        switch (result.outcome) {
          case 'not-found':
            throw problems.notFound('policy');
          case 'conflict':
            throw new ProblemError(412, 'revision-mismatch', 'Policy changed meanwhile', 'The policy is no longer at the revision in If-Match.', {
              currentRevision: result.currentRevision,
            });
          case 'renewal-before-effective':
            throw problems.validation([{ path: 'body.renewalDate', message: 'must not be before effectiveDate' }]);
          case 'no-account':
            throw problems.unprocessable('no-account', 'Policy has no account', 'Link the policy to an account before naming its policyholder contact.');
          case 'contact-not-in-account':
            throw contactNotInAccount(result.contactIds);
        }
      }
      const { view, etag } = await answerPolicy(req, policyId);
      res.setHeader('etag', etag).json(view);
    },

    deletePoliciesByPolicyId: async ({ params: { policyId } }, req, res) => {
      const { tenantId, subject } = principalOf(req);
      const result = await deletePolicy(forTenants(database, tenantId), { tenantId, policyId, deletedBy: subject });
      if (result.outcome === 'not-found') throw problems.notFound('policy');
      res.status(204).end();
    },

    ...lifecycleHandlers,
  });
}
