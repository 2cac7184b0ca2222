import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { count, eq } from 'drizzle-orm';
import { seededSecurityGroupId } from '@agencyflow/contracts';
import { securityGroupDirectory } from '@agencyflow/db/schema/security-groups';
import { eventually, issueToken, shortId } from '@agencyflow/testing';
import { startTestSystem, type TestSystem } from './support/system';

/**
 * X-3 across services: a tenant's admin manages its security groups on the account service, and
 * every other service resolves its callers against its own read model of them, built from the
 * account service's events on the real Kafka (no call to the account service per request).
 */
describe('X-3 security groups managed over the API, resolved by every service', () => {
  let system: TestSystem;
  const tenantId = `sg-e2e-${shortId()}`;
  let admin: string;

  beforeAll(async () => {
    system = await startTestSystem({ withWorkflows: false });
    const services = [system.account, system.policy, system.sales, system.finance];
    await Promise.all(services.flatMap((s) => s.runtime.consumers).map((c) => c.ready()));
    admin = await issueToken({ tenantId, subject: 'tenant-admin', groups: ['agency-admin'] });
  });
  afterAll(async () => system?.stop());

  const call = (url: string, token: string) => ({
    get: (path: string) => request(url).get(path).set('authorization', `Bearer ${token}`),
    post: (path: string, body: object) => request(url).post(path).set('authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) => request(url).patch(path).set('authorization', `Bearer ${token}`).send(body),
    put: (path: string) => request(url).put(path).set('authorization', `Bearer ${token}`),
    delete: (path: string) => request(url).delete(path).set('authorization', `Bearer ${token}`),
  });
  const account = (token: string) => call(system.account.url, token);
  const policy = (token: string) => call(system.policy.url, token);
  const sales = (token: string) => call(system.sales.url, token);
  const status = async (test: request.Test) => (await test).status;

  it('X-3 a user the admin assigns to a group with policies:view reads policies on the policy service once the event arrives (403 before), and loses it when the group loses the permission', async () => {
    const user = await issueToken({ tenantId, subject: 'user-u' });
    expect(await status(policy(user).get('/policies'))).toBe(403);

    const group = (await account(admin).post('/security-groups', { name: 'Policy viewers', permissions: ['policies:view'] }).expect(201)).body;
    // The group alone gives U nothing: U is no member yet (and the cached 403 is dropped by the event, not kept).
    await eventually(async () => {
      const [row] = await system.policy.database.db.select().from(securityGroupDirectory).where(eq(securityGroupDirectory.groupId, group.id));
      expect(row).toMatchObject({ tenantId, name: 'Policy viewers', members: [] });
    });
    expect(await status(policy(user).get('/policies'))).toBe(403);

    await account(admin).put(`/security-groups/${group.id}/members/user-u`).expect(201);
    await eventually(async () => expect(await status(policy(user).get('/policies'))).toBe(200));

    await account(admin).patch(`/security-groups/${group.id}`, { permissions: ['accounts:view'] }).expect(200);
    await eventually(async () => expect(await status(policy(user).get('/policies'))).toBe(403));
    // The account service, owning the groups, applied it at once; the policy service resolved from its own read model.
    await account(user).get('/accounts').expect(200);
  });

  it('X-3 a group named in the token\'s groups claim resolves to the tenant\'s definition on every service, not to the code\'s', async () => {
    const tenant = `sg-claim-${shortId()}`;
    const tenantAdmin = await issueToken({ tenantId: tenant, subject: 'admin', groups: ['fmo-admin'] });
    const agencyUser = await issueToken({ tenantId: tenant, subject: 'agent-a', groups: ['agency-user'] });
    const operator = await issueToken({ tenantId: tenant, subject: 'ops-a', groups: ['operator'] });
    const adjuster = await issueToken({ tenantId: tenant, subject: 'adjuster-a', groups: ['Claims-Adjusters'] });
    // Before the tenant manages anything: the default definitions everywhere.
    await policy(agencyUser).get('/policies').expect(200);
    expect(await status(sales(operator).get('/admin/system-probes/none-such'))).not.toBe(403);
    expect(await status(policy(adjuster).get('/policies'))).toBe(403);

    // The admin changes what agency-user and operator grant, and defines a group the code does not know.
    await account(tenantAdmin).patch(`/security-groups/${seededSecurityGroupId(tenant, 'agency-user')}`, { permissions: ['accounts:view'] }).expect(200);
    await account(tenantAdmin).patch(`/security-groups/${seededSecurityGroupId(tenant, 'operator')}`, { permissions: [] }).expect(200);
    await account(tenantAdmin).post('/security-groups', { name: 'claims-adjusters', permissions: ['policies:view'] }).expect(201);

    await eventually(async () => expect(await status(policy(agencyUser).get('/policies'))).toBe(403));
    await eventually(async () => expect(await status(policy(adjuster).get('/policies'))).toBe(200));
    await eventually(async () => expect(await status(sales(operator).get('/admin/system-probes/none-such'))).toBe(403));
    // Other tenants keep the defaults.
    const elsewhere = await issueToken({ tenantId: `sg-else-${shortId()}`, subject: 'agent-b', groups: ['agency-user'] });
    await policy(elsewhere).get('/policies').expect(200);
  });

  it('X-3 every service but the account service keeps the read model: the seeded groups arrive with the tenant\'s first change', async () => {
    for (const service of [system.policy, system.sales, system.finance]) {
      await eventually(async () => {
        const [row] = await service.database.db.select({ n: count() }).from(securityGroupDirectory).where(eq(securityGroupDirectory.tenantId, tenantId));
        // Six default groups and "Policy viewers".
        expect(row!.n).toBe(7);
      });
    }
  });

  it('X-3 another tenant\'s admin cannot see or change the group (404), and its members keep their permissions', async () => {
    const group = (await account(admin).post('/security-groups', { name: 'Policy editors', permissions: ['policies:view', 'policies:edit'] }).expect(201)).body;
    await account(admin).put(`/security-groups/${group.id}/members/editor-e`).expect(201);
    const stranger = await issueToken({ tenantId: `sg-stranger-${shortId()}`, subject: 'admin-x', groups: ['agency-admin'] });
    await account(stranger).get(`/security-groups/${group.id}`).expect(404);
    await account(stranger).patch(`/security-groups/${group.id}`, { permissions: [] }).expect(404);
    await account(stranger).delete(`/security-groups/${group.id}`).expect(404);
    await account(stranger).delete(`/security-groups/${group.id}/members/editor-e`).expect(404);
    const listed = (await account(stranger).get('/security-groups').expect(200)).body.items.map((g: { id: string }) => g.id);
    expect(listed).not.toContain(group.id);
    const editor = await issueToken({ tenantId, subject: 'editor-e' });
    await eventually(async () => expect(await status(policy(editor).get('/policies'))).toBe(200));
    // A token of the stranger's tenant naming the same subject gets nothing from it.
    const sameSubjectElsewhere = await issueToken({ tenantId: `sg-stranger-${shortId()}`, subject: 'editor-e' });
    expect(await status(policy(sameSubjectElsewhere).get('/policies'))).toBe(403);
  });

  it('X-3 the last group that may manage groups cannot be deleted, and bad input writes nothing', async () => {
    const tenant = `sg-last-${shortId()}`;
    const tenantAdmin = await issueToken({ tenantId: tenant, subject: 'admin', groups: ['agency-admin'] });
    await account(tenantAdmin).delete(`/security-groups/${seededSecurityGroupId(tenant, 'fmo-admin')}`).expect(204);
    const events = async () => (await system.account.database.sql<{ n: number }[]>`select count(*)::int as n from outbox`)[0]!.n;
    const before = await events();
    await account(tenantAdmin).delete(`/security-groups/${seededSecurityGroupId(tenant, 'agency-admin')}`).expect(409);
    await account(tenantAdmin).post('/security-groups', { name: 'Root', permissions: ['payloads:decode-all'] }).expect(400);
    await account(tenantAdmin).post('/security-groups', { name: 'Typo', permissions: ['polices:view'] }).expect(400);
    expect(await events()).toBe(before);
  });
});
