import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { issueServiceToken, serviceAudience } from '@agencyflow/http';
import { shortId, startTestService, type TestService } from '@agencyflow/testing';
import { policyService } from '../src';

/**
 * X-5, found by the fuzz suite (test/fuzz): the internal page transfer, called with a token of a
 * tenant that is not a business (an FMO, a CRM tenant), answered 500: the page read refused the
 * tenant as input, and nothing turned that into an answer. It is now a 400 naming the tenant.
 */
describe('the internal page transfer, for a tenant that is not a business', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(policyService, { prefix: `t${shortId()}.`, start: false });
  });
  afterAll(async () => service?.stop());

  // As the account service calls it: a service token for one tenant carrying only policy-sync:transfer.
  const page = async (tenantId: string) => {
    const { JWT_SECRET, JWT_ISSUER } = service.runtime.deps.config;
    const token = await issueServiceToken({
      secret: JWT_SECRET,
      issuer: JWT_ISSUER,
      subject: 'account-service',
      audience: serviceAudience('policy'),
      tenantId,
      permissions: ['policy-sync:transfer'],
    });
    return request(service.runtime.app).get('/internal/policy-sync/pages').query({ through: randomUUID() }).set('authorization', `Bearer ${token}`);
  };

  it('X-5 a token whose tenant is not a business id is a 400 naming the tenant, not a 500', async () => {
    const res = await page(`fmo-${shortId()}`);
    expect(res.status, res.text).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'token.tenant' })]);
  });

  it('a business tenant with nothing in the range still reads an empty page', async () => {
    const res = await page(randomUUID());
    expect(res.status, res.text).toBe(200);
    expect(res.text).toBe('');
  });
});
