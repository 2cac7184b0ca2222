import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { seededSecurityGroupId } from '@agencyflow/contracts';
import { issueToken, shortId } from '@agencyflow/testing';
import { startCodecServer } from './support/codec-server';
import { startTestSystem, type TestSystem } from './support/system';

/**
 * X-3 the codec server keeps no database, yet resolves its callers against their tenant's own
 * security groups, read from the account service that owns them (decision 0024), not against the
 * groups defined in code: a tenant admin's change applies to the Temporal UI too.
 */
describe('X-3 codec server callers resolved against their tenant’s own groups', () => {
  let system: TestSystem;
  const tenantId = `codec-groups-${shortId()}`;
  let admin: string;
  let codec: ReturnType<typeof startCodecServer>;

  beforeAll(async () => {
    system = await startTestSystem({ withWorkflows: false });
    admin = await issueToken({ tenantId, subject: 'tenant-admin', groups: ['agency-admin'] });
    codec = startCodecServer(system.account.url);
  });
  afterAll(async () => system?.stop());

  const decode = async (token: string) => request(codec.app).post('/decode').set('authorization', `Bearer ${token}`).send(await codec.seal({ step: 'sync page 3' }, tenantId));
  const account = (path: string) => ({
    post: (body: object) => request(system.account.url).post(path).set('authorization', `Bearer ${admin}`).send(body),
    patch: (body: object) => request(system.account.url).patch(path).set('authorization', `Bearer ${admin}`).send(body),
    put: () => request(system.account.url).put(path).set('authorization', `Bearer ${admin}`),
  });

  it('X-3 a user the tenant admin puts in a group with system:operate decodes, with no group named in the token (403 before)', async () => {
    const nightOps = await issueToken({ tenantId, subject: 'night-ops' });
    expect((await decode(nightOps)).status).toBe(403);
    const group = (await account('/security-groups').post({ name: 'Night shift', permissions: ['system:operate'] }).expect(201)).body;
    await account(`/security-groups/${group.id}/members/night-ops`).put().expect(201);
    const res = await decode(nightOps);
    expect(res.status).toBe(200);
    expect(Buffer.from(res.body.payloads[0].data, 'base64').toString('utf8')).toContain('sync page 3');
  });

  it("X-3 a token naming the group 'operator' is refused once the tenant's admin took system:operate from it", async () => {
    const operator = await issueToken({ tenantId, subject: 'ops-claims-operator', groups: ['operator'] });
    // The tenant's groups were seeded by the first test: 'operator' still holds system:operate.
    expect((await decode(operator)).status).toBe(200);
    await account(`/security-groups/${seededSecurityGroupId(tenantId, 'operator')}`).patch({ permissions: ['accounts:view'] }).expect(200);
    const refused = await decode(operator);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('system:operate');
  });

  it('X-3 when the account service cannot be reached, a caller is refused with 503, not resolved against defaults', async () => {
    const offline = startCodecServer('http://127.0.0.1:9');
    const operator = await issueToken({ tenantId, subject: 'ops-offline', groups: ['operator'] });
    const res = await request(offline.app).post('/decode').set('authorization', `Bearer ${operator}`).send(await offline.seal({ x: 1 }, tenantId));
    expect(res.status).toBe(503);
    expect(res.body.type).toContain('permissions-unavailable');
  });
});
