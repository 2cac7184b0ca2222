import { Router, type Request } from 'express';
import { idempotency, parseInput, principalOf, ProblemError, problems, requirePermission } from '@agencyflow/http';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { lifecycleActionNames, lifecycleActions } from '../domain/policy-lifecycle';
import { changePolicyStatus } from './change-policy-status';
import { createPolicy } from './create-policy';
import { deletePolicy } from './delete-policy';
import { getPolicy, listPolicies } from './policy-queries';
import { updatePolicy } from './update-policy';
import {
  createPolicyBody,
  encodeCursor,
  ifMatchHeader,
  listPoliciesQuery,
  policyIdParams,
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

/** PS-1 policies of the caller's tenant; another tenant's policy answers 404. */
export function policyRoutes(deps: ServiceDeps): Router {
  const { database, fieldCipher, idempotencyStore } = deps;
  const router = Router();

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

  router.post('/policies', requirePermission('policies:edit'), idempotency(idempotencyStore), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const body = parseInput(createPolicyBody, req.body);
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
  });

  router.get('/policies', requirePermission('policies:view'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { limit, cursor, ...filter } = parseInput(listPoliciesQuery, req.query, 'query');
    const page = await listPolicies(forTenants(database, tenantId), tenantId, filter, { limit, after: cursor });
    const mayView = mayViewProtected(req);
    await recordMemberViews(database, req, page.items, mayView);
    res.json({
      items: page.items.map((item) => toPolicyView(item, fieldCipher, mayView)),
      nextCursor: page.next ? encodeCursor(page.next) : null,
    });
  });

  router.get('/policies/:policyId', requirePermission('policies:view'), async (req, res) => {
    const { policyId } = parseInput(policyIdParams, req.params, 'path');
    const { view, etag } = await answerPolicy(req, policyId);
    res.setHeader('etag', etag).json(view);
  });

  router.patch('/policies/:policyId', requirePermission('policies:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { policyId } = parseInput(policyIdParams, req.params, 'path');
    const ifMatch = req.header('if-match');
    const expectedRevision = ifMatch === undefined ? undefined : parseInput(ifMatchHeader, ifMatch, 'header.If-Match');
    const changes = parseInput(updatePolicyBody, req.body);
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
  });

  router.delete('/policies/:policyId', requirePermission('policies:edit'), async (req, res) => {
    const { tenantId, subject } = principalOf(req);
    const { policyId } = parseInput(policyIdParams, req.params, 'path');
    const result = await deletePolicy(forTenants(database, tenantId), { tenantId, policyId, deletedBy: subject });
    if (result.outcome === 'not-found') throw problems.notFound('policy');
    res.status(204).end();
  });

  for (const action of lifecycleActionNames) {
    router.post(`/policies/:policyId/${action}`, requirePermission('policies:edit'), idempotency(idempotencyStore), async (req, res) => {
      const { tenantId, subject } = principalOf(req);
      const { policyId } = parseInput(policyIdParams, req.params, 'path');
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
    });
  }

  return router;
}
