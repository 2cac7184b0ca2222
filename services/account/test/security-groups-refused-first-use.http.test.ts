import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';

/**
 * X-5, found by the fuzz suite (test/fuzz): a tenant's first security-group request seeds its
 * default groups, and one that ended in 404 (a group id of nobody's) still wrote the six default
 * groups and their six events. A refused request now writes nothing; the next request that
 * succeeds seeds the defaults.
 */
describe('a tenant\'s first security-group request, refused', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false });
  });
  afterAll(async () => service?.stop());

  const written = async () =>
    (await service.database.sql<{ groups: number; events: number }[]>`
      select (select count(*)::int from security_groups) as groups, (select count(*)::int from outbox) as events`)[0]!;

  it('X-5 a 404 or 409 on first use writes no default group and no event', async () => {
    const before = await written();
    const group = randomUUID();
    const refusals: Array<[string, string, object?, number?]> = [
      ['get', `/security-groups/${group}`],
      ['get', `/security-groups/${group}/members`],
      ['put', `/security-groups/${group}/members/user-7`],
      ['delete', `/security-groups/${group}/members/user-7`],
      ['patch', `/security-groups/${group}`, { permissions: ['accounts:view'] }],
      ['delete', `/security-groups/${group}`],
      // A default group's name is taken once the defaults exist, so this one is refused too.
      ['post', '/security-groups', { name: 'agency-admin', permissions: [] }, 409],
    ];
    for (const [method, path, body, status = 404] of refusals) {
      // A new tenant each time: every request is that tenant's first.
      const token = await issueToken({ tenantId: `first-${shortId()}`, permissions: ['security-groups:manage'] });
      const res = await request(service.runtime.app)[method as 'get'](path).set('authorization', `Bearer ${token}`).send(body);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
      expect(await written(), `${method} ${path}`).toEqual(before);
    }
    const token = await issueToken({ tenantId: `first-${shortId()}`, permissions: ['security-groups:manage'] });
    const listed = await request(service.runtime.app).get('/security-groups').set('authorization', `Bearer ${token}`).expect(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    expect((await written()).groups).toBe(before.groups + listed.body.items.length);
  });
});
