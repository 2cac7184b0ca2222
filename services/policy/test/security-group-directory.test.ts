import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { defaultTenantSecurityGroups, seededSecurityGroupId, type EventData, type securityGroupChangedV1 } from '@agencyflow/contracts';
import { inTenant, recordSecurityGroup } from '@agencyflow/db';
import { directoryGroupSource } from '@agencyflow/service-kit';
import { shortId, startTestService, type TestService } from '@agencyflow/testing';
import { policyService } from '../src';

type Change = EventData<typeof securityGroupChangedV1>;

/** X-3: the policy service's read model of its tenants' security groups (service-kit's, kept from the account service's events). */
describe('X-3 security group read model', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(policyService, { prefix: `t${shortId()}.`, start: false });
  });
  afterAll(async () => service?.stop());

  // As the service's own role: row-level security applies.
  const apply = (tenantId: string, change: Change) => inTenant(service.runtime.deps.database, tenantId, (tx) => recordSecurityGroup(tx, tenantId, change));
  const source = () => directoryGroupSource(service.runtime.deps.database);
  const change = (overrides: Partial<Change>): Change => ({
    groupId: randomUUID(),
    name: 'Viewers',
    permissions: ['policies:view'],
    members: [],
    revision: 1,
    deleted: false,
    change: 'created',
    changedBy: 'admin',
    ...overrides,
  });

  it('X-3 a tenant with no events resolves to the defaults; its first event brings the seeded groups in with it', async () => {
    const tenantId = `rm-${shortId()}`;
    expect(await source().groupsFor(tenantId, 'u-1', ['agency-user'])).toBeUndefined();
    await apply(tenantId, change({ name: 'Viewers', members: ['u-1'] }));
    const groups = await source().groupsFor(tenantId, 'u-1', ['AGENCY-USER']);
    expect(groups!.map((g) => [g.name, g.member]).sort()).toEqual([
      ['Viewers', true],
      ['agency-user', false],
    ]);
    expect(groups!.find((g) => g.name === 'agency-user')).toMatchObject({
      id: seededSecurityGroupId(tenantId, 'agency-user'),
      permissions: [...defaultTenantSecurityGroups['agency-user']!],
    });
    // Known tenant, nothing concerning this caller: [] (no groups), not the defaults.
    expect(await source().groupsFor(tenantId, 'u-2', [])).toEqual([]);
  });

  it('X-3 the newest revision wins whatever the order; a repeated or late event changes nothing; a deleted group stays deleted', async () => {
    const tenantId = `rm-${shortId()}`;
    const groupId = randomUUID();
    await apply(tenantId, change({ groupId, revision: 3, permissions: ['accounts:view'], members: ['u-1'] }));
    await apply(tenantId, change({ groupId, revision: 2, permissions: ['policies:edit'], members: ['u-1', 'u-2'] }));
    await apply(tenantId, change({ groupId, revision: 3, permissions: ['finance:edit'], members: [] }));
    expect(await source().groupsFor(tenantId, 'u-1', [])).toEqual([{ id: groupId, name: 'Viewers', permissions: ['accounts:view'], member: true }]);
    await apply(tenantId, change({ groupId, revision: 4, deleted: true, members: [], change: 'deleted' }));
    await apply(tenantId, change({ groupId, revision: 3, members: ['u-1'] }));
    expect(await source().groupsFor(tenantId, 'u-1', ['viewers'])).toEqual([]);
  });

  it('X-3 a tenant sees only its own groups in the read model', async () => {
    const [a, b] = [`rm-a-${shortId()}`, `rm-b-${shortId()}`];
    await apply(a, change({ name: 'Shared name', members: ['u-1'] }));
    expect(await source().groupsFor(b, 'u-1', ['shared name'])).toBeUndefined();
  });
});
