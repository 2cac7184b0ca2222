import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { count, eq, sql } from 'drizzle-orm';
import { defaultTenantSecurityGroups, seededSecurityGroupId } from '@agencyflow/contracts';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';
import { outbox, securityGroupMembers, securityGroups } from '../src/db/schema';

/**
 * X-3 security groups managed over the account service's API: a tenant admin (security-groups:manage)
 * defines groups, their permissions and members; the service resolves every caller against them.
 */
describe('X-3 security groups on the account service', () => {
  let service: TestService;
  const tenantId = `sg-${shortId()}`;
  const api = () => request(service.runtime.app);
  let admin: string;

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false });
    admin = await issueToken({ tenantId, subject: 'admin-1', groups: ['agency-admin'] });
  });
  afterAll(async () => service?.stop());

  const as = (token: string) => ({
    get: (path: string) => api().get(path).set('authorization', `Bearer ${token}`),
    post: (path: string, body: unknown) => api().post(path).set('authorization', `Bearer ${token}`).send(body as object),
    patch: (path: string, body: unknown) => api().patch(path).set('authorization', `Bearer ${token}`).send(body as object),
    put: (path: string) => api().put(path).set('authorization', `Bearer ${token}`),
    delete: (path: string) => api().delete(path).set('authorization', `Bearer ${token}`),
  });
  const userToken = (subject: string, groups: string[] = [], tenant = tenantId) => issueToken({ tenantId: tenant, subject, groups });
  const groupEvents = async (groupId: string) =>
    (await service.database.db.select().from(outbox).where(eq(outbox.messageKey, groupId)).orderBy(outbox.seq)).map((row) => row.envelope as { type: string; data: Record<string, unknown> });
  const written = async () => {
    const { db } = service.database;
    const [groups] = await db.select({ n: count() }).from(securityGroups);
    const [members] = await db.select({ n: count() }).from(securityGroupMembers);
    const [events] = await db.select({ n: count() }).from(outbox);
    const [latest] = await db.select({ at: sql<string>`max(${securityGroups.updatedAt})::text` }).from(securityGroups);
    return { groups: groups!.n, members: members!.n, events: events!.n, latest: latest!.at };
  };

  it('X-3 a tenant\'s first use seeds its default groups (fixed ids, one event each), the admin groups holding security-groups:manage', async () => {
    const res = await as(admin).get('/security-groups').expect(200);
    const byName = Object.fromEntries(res.body.items.map((g: { name: string }) => [g.name, g]));
    expect(Object.keys(byName).sort()).toEqual(Object.keys(defaultTenantSecurityGroups).sort());
    expect(byName['agency-admin']).toMatchObject({ id: seededSecurityGroupId(tenantId, 'agency-admin'), memberCount: 0 });
    expect(byName['agency-admin'].permissions).toContain('security-groups:manage');
    expect(byName['fmo-admin'].permissions).toContain('security-groups:manage');
    expect(byName['agent'].permissions).not.toContain('security-groups:manage');
    const [event] = await groupEvents(byName['operator'].id);
    expect(event).toMatchObject({ type: 'account.security-group-changed', data: { name: 'operator', permissions: ['system:operate'], members: [], revision: 1, deleted: false, change: 'seeded' } });
    // A second look seeds nothing more.
    const before = await written();
    await as(admin).get('/security-groups').expect(200);
    expect(await written()).toEqual(before);
  });

  it('X-3 an admin creates, reads, renames and re-grants a group; each change writes its state with the next revision', async () => {
    const created = await as(admin).post('/security-groups', { name: 'Policy viewers', permissions: ['policies:view', 'policies:view'] }).expect(201);
    expect(created.body).toMatchObject({ name: 'Policy viewers', permissions: ['policies:view'], memberCount: 0 });
    expect(created.headers.location).toBe(`/security-groups/${created.body.id}`);
    const id = created.body.id as string;
    await as(admin).get(`/security-groups/${id}`).expect(200);

    const renamed = await as(admin).patch(`/security-groups/${id}`, { name: 'Policy readers' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Policy readers', permissions: ['policies:view'] });
    const regranted = await as(admin).patch(`/security-groups/${id}`, { permissions: ['policies:view', 'accounts:view'] }).expect(200);
    expect(regranted.body.permissions).toEqual(['accounts:view', 'policies:view']);
    // The same again changes nothing and writes nothing.
    const before = await written();
    await as(admin).patch(`/security-groups/${id}`, { name: 'Policy readers', permissions: ['accounts:view', 'policies:view'] }).expect(200);
    expect(await written()).toEqual(before);

    expect((await groupEvents(id)).map((e) => [e.data.change, e.data.revision, e.data.name, e.data.permissions])).toEqual([
      ['created', 1, 'Policy viewers', ['policies:view']],
      ['updated', 2, 'Policy readers', ['policies:view']],
      ['updated', 3, 'Policy readers', ['accounts:view', 'policies:view']],
    ]);
  });

  it('X-3 a group name is unique in the tenant without case: 409, nothing written', async () => {
    await as(admin).post('/security-groups', { name: 'Underwriters', permissions: [] }).expect(201);
    const other = await as(admin).post('/security-groups', { name: 'Others', permissions: [] }).expect(201);
    const before = await written();
    const taken = await as(admin).post('/security-groups', { name: 'UNDERWRITERS', permissions: ['policies:view'] }).expect(409);
    expect(taken.body).toMatchObject({ type: 'https://agencyflow.dev/problems/group-name-taken', status: 409 });
    await as(admin).patch(`/security-groups/${other.body.id}`, { name: 'underwriters' }).expect(409);
    await as(admin).post('/security-groups', { name: 'Agency-Admin', permissions: [] }).expect(409);
    expect(await written()).toEqual(before);
  });

  describe('X-3 bad input gets a 4xx problem body and writes nothing', () => {
    const cases: Array<[string, unknown]> = [
      ['an unknown permission', { name: 'Bad', permissions: ['policies:view', 'policies:destroy'] }],
      ['a platform permission no tenant may grant', { name: 'Bad', permissions: ['payloads:decode-all'] }],
      ['a service-only permission', { name: 'Bad', permissions: ['policy-sync:transfer'] }],
      ['a platform group\'s name', { name: 'Platform-Operator', permissions: [] }],
      ['an empty name', { name: '  ', permissions: [] }],
      ['a name with control characters', { name: 'a\u0007b', permissions: [] }],
      ['a name too long', { name: 'x'.repeat(101), permissions: [] }],
      ['permissions that are not a list', { name: 'Bad', permissions: 'policies:view' }],
      ['a missing field', { name: 'Bad' }],
      ['an unknown field', { name: 'Bad', permissions: [], members: ['u-1'] }],
    ];
    for (const [what, body] of cases) {
      it(`create with ${what} -> 400`, async () => {
        const before = await written();
        const res = await as(admin).post('/security-groups', body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toMatchObject({ type: 'https://agencyflow.dev/problems/validation-failed', status: 400 });
        expect(await written()).toEqual(before);
      });
    }

    it('change with nothing to change, an unknown permission, or a malformed id -> 400; a subject too long -> 400', async () => {
      const id = seededSecurityGroupId(tenantId, 'agent');
      const before = await written();
      await as(admin).patch(`/security-groups/${id}`, {}).expect(400);
      const unknown = await as(admin).patch(`/security-groups/${id}`, { permissions: ['root'] }).expect(400);
      expect(unknown.body.errors[0]).toMatchObject({ path: 'body.permissions.0' });
      await as(admin).patch('/security-groups/not-a-uuid', { name: 'x' }).expect(400);
      await as(admin).get('/security-groups/not-a-uuid').expect(400);
      await as(admin).put(`/security-groups/${id}/members/${'u'.repeat(201)}`).expect(400);
      await as(admin).put(`/security-groups/${id}/members/a%07b`).expect(400);
      expect(await written()).toEqual(before);
    });
  });

  it('X-3 members: a user assigned to a group gets its permissions at once here, and loses them when taken out', async () => {
    const group = (await as(admin).post('/security-groups', { name: 'Account viewers', permissions: ['accounts:view'] }).expect(201)).body;
    const user = await userToken('auth0|ursula');
    await as(user).get('/accounts').expect(403);

    await as(admin).put(`/security-groups/${group.id}/members/${encodeURIComponent('auth0|ursula')}`).expect(201);
    await as(admin).put(`/security-groups/${group.id}/members/${encodeURIComponent('auth0|ursula')}`).expect(200);
    const members = await as(admin).get(`/security-groups/${group.id}/members`).expect(200);
    expect(members.body.items).toEqual([{ subject: 'auth0|ursula', addedBy: 'admin-1', addedAt: expect.any(String) }]);
    expect((await as(admin).get(`/security-groups/${group.id}`).expect(200)).body.memberCount).toBe(1);

    await as(user).get('/accounts').expect(200);
    const me = await as(user).get('/me/permissions').expect(200);
    expect(me.body).toEqual({
      subject: 'auth0|ursula',
      tenantId,
      kind: 'user',
      permissions: ['accounts:view'],
      groups: [{ id: group.id, name: 'Account viewers', via: 'membership' }],
    });
    const [, added] = await groupEvents(group.id);
    expect(added!.data).toMatchObject({ change: 'member-added', members: ['auth0|ursula'], revision: 2 });

    await as(admin).delete(`/security-groups/${group.id}/members/${encodeURIComponent('auth0|ursula')}`).expect(204);
    await as(admin).delete(`/security-groups/${group.id}/members/${encodeURIComponent('auth0|ursula')}`).expect(404);
    await as(user).get('/accounts').expect(403);
    expect((await groupEvents(group.id)).at(-1)!.data).toMatchObject({ change: 'member-removed', members: [], revision: 3 });
  });

  it('X-3 a group named in the token\'s groups claim resolves to the tenant\'s definition (by name, without case), not the code\'s', async () => {
    const tenant = `sg-claim-${shortId()}`;
    const tenantAdmin = await userToken('admin-2', ['fmo-admin'], tenant);
    const agent = await userToken('agent-7', ['AGENT'], tenant);
    // No groups managed yet: the defaults.
    expect((await as(agent).get('/me/permissions').expect(200)).body.permissions).toEqual(
      [...defaultTenantSecurityGroups['agent']!].sort(),
    );
    await as(agent).get('/accounts').expect(200);
    await as(tenantAdmin).patch(`/security-groups/${seededSecurityGroupId(tenant, 'agent')}`, { permissions: ['sales-enablement:view'] }).expect(200);
    await as(agent).get('/accounts').expect(403);
    const me = await as(agent).get('/me/permissions').expect(200);
    expect(me.body).toMatchObject({ permissions: ['sales-enablement:view'], groups: [{ name: 'agent', via: 'token' }] });
    // Deleted: the name grants nothing any more.
    await as(tenantAdmin).delete(`/security-groups/${seededSecurityGroupId(tenant, 'agent')}`).expect(204);
    expect((await as(agent).get('/me/permissions').expect(200)).body).toMatchObject({ permissions: [], groups: [] });
  });

  it('X-3 a service token keeps the permissions it carries; a user token\'s own permissions count for nothing', async () => {
    const svc = await issueToken({ tenantId, subject: 'sales-service', permissions: ['accounts:view'] });
    expect((await as(svc).get('/me/permissions').expect(200)).body).toMatchObject({ kind: 'service', permissions: ['accounts:view'] });
    const user = await issueToken({ tenantId, subject: 'mallory', permissions: ['accounts:view', 'security-groups:manage'], service: false });
    expect((await as(user).get('/me/permissions').expect(200)).body).toMatchObject({ kind: 'user', permissions: [] });
    await as(user).get('/security-groups').expect(403);
  });

  it('X-3 the tenant\'s last group holding security-groups:manage can be neither deleted nor stripped of it (409, nothing written)', async () => {
    const tenant = `sg-lock-${shortId()}`;
    const tenantAdmin = await userToken('admin-3', ['agency-admin'], tenant);
    await as(tenantAdmin).delete(`/security-groups/${seededSecurityGroupId(tenant, 'fmo-admin')}`).expect(204);
    const last = seededSecurityGroupId(tenant, 'agency-admin');
    const before = await written();
    const refused = await as(tenantAdmin).delete(`/security-groups/${last}`).expect(409);
    expect(refused.body).toMatchObject({ type: 'https://agencyflow.dev/problems/last-manage-group', status: 409 });
    await as(tenantAdmin).patch(`/security-groups/${last}`, { permissions: ['accounts:view'] }).expect(409);
    expect(await written()).toEqual(before);
    // Once another group may manage groups, the old one may go.
    const admins = (await as(tenantAdmin).post('/security-groups', { name: 'Admins', permissions: ['security-groups:manage'] }).expect(201)).body;
    await as(tenantAdmin).put(`/security-groups/${admins.id}/members/admin-3`).expect(201);
    await as(tenantAdmin).delete(`/security-groups/${last}`).expect(204);
    expect((await groupEvents(last)).at(-1)).toMatchObject({ data: { deleted: true, members: [], change: 'deleted', revision: 2 } });
    // admin-3 still manages through the membership.
    await as(tenantAdmin).get('/security-groups').expect(200);
  });

  it('X-3 another tenant\'s admin cannot see or change a group: 404 like a missing one, nothing written', async () => {
    const group = (await as(admin).post('/security-groups', { name: `Private ${shortId()}`, permissions: ['accounts:view'] }).expect(201)).body;
    const stranger = await userToken('admin-9', ['agency-admin'], `sg-other-${shortId()}`);
    const listed = await as(stranger).get('/security-groups').expect(200);
    expect(listed.body.items.map((g: { id: string }) => g.id)).not.toContain(group.id);
    const before = await written();
    for (const res of [
      await as(stranger).get(`/security-groups/${group.id}`),
      await as(stranger).patch(`/security-groups/${group.id}`, { name: 'Mine now' }),
      await as(stranger).delete(`/security-groups/${group.id}`),
      await as(stranger).get(`/security-groups/${group.id}/members`),
      await as(stranger).put(`/security-groups/${group.id}/members/admin-9`),
      await as(stranger).delete(`/security-groups/${group.id}/members/admin-9`),
    ]) {
      expect(res.status).toBe(404);
    }
    const missing = await as(stranger).get(`/security-groups/${crypto.randomUUID()}`).expect(404);
    const theirs = await as(stranger).get(`/security-groups/${group.id}`);
    expect(theirs.body).toEqual({ ...missing.body, instance: theirs.body.instance });
    // The stranger's tenant was seeded by its first look, before these; the owner's group is untouched.
    expect(await written()).toEqual(before);
    expect((await as(admin).get(`/security-groups/${group.id}`).expect(200)).body.name).toBe(group.name);
  });

  it('X-3 without security-groups:manage -> 403, without credentials -> 401; /me/permissions needs credentials only', async () => {
    const agent = await userToken('agent-1', ['agency-user']);
    const forbidden = await as(agent).get('/security-groups').expect(403);
    expect(forbidden.body).toMatchObject({ permission: 'security-groups:manage' });
    await as(agent).post('/security-groups', { name: 'Sneaky', permissions: ['security-groups:manage'] }).expect(403);
    await as(agent).put(`/security-groups/${seededSecurityGroupId(tenantId, 'agency-admin')}/members/agent-1`).expect(403);
    await api().get('/security-groups').expect(401);
    await api().get('/me/permissions').expect(401);
    const me = await as(agent).get('/me/permissions').expect(200);
    expect(me.body.permissions).not.toContain('security-groups:manage');
  });
});
