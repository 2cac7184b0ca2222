import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { AgentCrmAccountActivities } from '@agencyflow/contracts';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';

/**
 * X-5, found by the fuzz suite (test/fuzz): an agent added with an email of 300,000 characters
 * (one that still reads as an email) answered 500, its key too large for the unique email index.
 * An email is at most 254 characters; a longer one is a 400 naming the field, and nothing is written.
 */
describe('adding an Agent CRM agent with an overlong email', () => {
  let service: TestService;
  let token: string;
  const fmoTenantId = `fmo-${shortId()}`;
  const businessId = randomUUID();

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false });
    token = await issueToken({ tenantId: fmoTenantId, groups: ['fmo-admin'] });
    // An active agency without policy sync, as provisioning's activities leave it.
    const activities = accountService.activities!(service.runtime.deps) as AgentCrmAccountActivities;
    await activities.createBusiness({
      businessId,
      fmoTenantId,
      name: 'Brooks Agency',
      kind: 'agency',
      users: [{ name: 'Alice Brooks', email: `alice.${shortId()}@brooks.example`, npn: '7700001' }],
      policySyncEnabled: false,
      requestedBy: 'fmo-admin-1',
    });
    await activities.activateBusiness({ businessId });
  });
  afterAll(async () => service?.stop());

  const users = async () => (await service.database.sql<{ n: number }[]>`select count(*)::int as n from agent_crm_users`)[0]!.n;
  const addAgent = (email: string) =>
    request(service.runtime.app).post(`/agent-crm/businesses/${businessId}/agents`).set('authorization', `Bearer ${token}`).send({ name: 'Sam Ortiz', email, npn: '4417890' });

  it('X-5 an email over 254 characters is a 400 naming body.email, and no user is added', async () => {
    const before = await users();
    for (const email of [`${'a'.repeat(300_000)}@brooks.example`, `${'a'.repeat(245)}@brooks.example`]) {
      const res = await addAgent(email);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'body.email' })]);
    }
    expect(await users()).toBe(before);
    await addAgent(`sam.${shortId()}@brooks.example`).expect(201);
  });
});
