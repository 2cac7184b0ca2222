import { describe, expect, it } from 'vitest';
import { seededSecurityGroupId } from '@agencyflow/contracts';
import { resolvePrincipal, type Identity, type TenantGroup } from '@agencyflow/http';
import { PermissionResolver, type GroupSource } from '../src';

const user = (overrides: Partial<Identity> = {}): Identity => ({ subject: 'u-1', tenantId: 't-1', kind: 'user', groups: [], permissions: [], ...overrides });
const group = (name: string, permissions: string[], member = false, id = `00000000-0000-4000-8000-${name.length.toString().padStart(12, '0')}`): TenantGroup => ({ id, name, permissions, member });
const sorted = (set: ReadonlySet<string>) => [...set].sort();

/** A source over fixed groups per tenant that counts its reads and can hold one read open. */
function fakeSource(groups: Record<string, TenantGroup[] | undefined>) {
  const state = { reads: 0, hold: undefined as Promise<void> | undefined };
  const source: GroupSource = {
    async groupsFor(tenantId, subject, names) {
      state.reads++;
      const lowered = names.map((n) => n.toLowerCase());
      const known = groups[tenantId];
      const answer = known?.filter((g) => g.member || lowered.includes(g.name.toLowerCase()));
      if (state.hold) await state.hold;
      return answer;
    },
  };
  return { source, state, groups };
}

describe('X-3 permission resolution', () => {
  it('X-3 a principal\'s permissions are the union of its member groups and the groups its token names (without case), nothing else', () => {
    const principal = resolvePrincipal(user({ groups: ['VIEWERS', 'unknown'] }), [
      group('viewers', ['policies:view']),
      group('editors', ['accounts:edit'], true),
      group('others', ['finance:edit']),
    ]);
    expect(sorted(principal.permissions)).toEqual(['accounts:edit', 'policies:view']);
    expect(principal.groups!.map((g) => [g.name, g.via])).toEqual([
      ['editors', 'membership'],
      ['viewers', 'token'],
    ]);
  });

  it('X-3 a tenant without groups resolves against the default groups (seeded ids); a tenant with groups against its own only', () => {
    const seeded = resolvePrincipal(user({ groups: ['agency-user'] }), undefined);
    expect(sorted(seeded.permissions)).toEqual(['accounts:edit', 'accounts:view', 'individuals:edit', 'policies:view']);
    expect(seeded.groups).toEqual([{ id: seededSecurityGroupId('t-1', 'agency-user'), name: 'agency-user', via: 'token' }]);
    expect(sorted(resolvePrincipal(user({ groups: ['agency-user'] }), [group('agency-user', ['accounts:view'])]).permissions)).toEqual(['accounts:view']);
    expect(resolvePrincipal(user({ groups: ['agency-user'] }), []).permissions.size).toBe(0);
  });

  it('X-3 platform groups come from code; a tenant group never grants a platform permission, nor answers to a platform group\'s name', () => {
    const operator = resolvePrincipal(user({ groups: ['platform-operator'] }), [group('platform-operator', ['accounts:edit'])]);
    expect(sorted(operator.permissions)).toEqual(['payloads:decode-all', 'system:operate']);
    const smuggled = resolvePrincipal(user(), [group('sneaky', ['payloads:decode-all', 'policy-sync:transfer', 'no-such:permission', 'accounts:view'], true)]);
    expect(sorted(smuggled.permissions)).toEqual(['accounts:view']);
  });

  it('X-3 only service credentials keep the permissions they carry', () => {
    expect(sorted(resolvePrincipal(user({ kind: 'service', permissions: ['policy-sync:transfer'] }), []).permissions)).toEqual(['policy-sync:transfer']);
    expect(resolvePrincipal(user({ kind: 'user', permissions: ['policy-sync:transfer'] }), []).permissions.size).toBe(0);
  });

  it('X-3 answers are cached per caller for the TTL, and a tenant\'s are dropped when its groups change', async () => {
    let now = 0;
    const { source, state, groups } = fakeSource({ 't-1': [group('viewers', ['policies:view'], true)], 't-2': [group('viewers', ['policies:view'], true)] });
    const resolver = new PermissionResolver(source, { ttlMs: 30_000, now: () => now });
    expect(sorted((await resolver.resolve(user())).permissions)).toEqual(['policies:view']);
    await resolver.resolve(user());
    await resolver.resolve(user({ tenantId: 't-2' }));
    expect(state.reads).toBe(2);

    groups['t-1'] = [group('viewers', [], true)];
    now = 29_000;
    expect(sorted((await resolver.resolve(user())).permissions)).toEqual(['policies:view']);
    resolver.invalidateTenant('t-1');
    expect((await resolver.resolve(user())).permissions.size).toBe(0);
    expect(state.reads).toBe(3);
    // The other tenant's answer stayed cached until its TTL ran out.
    await resolver.resolve(user({ tenantId: 't-2' }));
    expect(state.reads).toBe(3);
    now = 31_000;
    await resolver.resolve(user({ tenantId: 't-2' }));
    expect(state.reads).toBe(4);
  });

  it('X-3 an answer read while the tenant\'s groups changed is not cached (it may predate the change)', async () => {
    const { source, state, groups } = fakeSource({ 't-1': [group('viewers', ['policies:view'], true)] });
    const resolver = new PermissionResolver(source);
    let release!: () => void;
    state.hold = new Promise<void>((resolve) => (release = resolve));
    const inFlight = resolver.resolve(user());
    groups['t-1'] = [group('viewers', [], true)];
    resolver.invalidateTenant('t-1');
    release();
    expect(sorted((await inFlight).permissions)).toEqual(['policies:view']);
    state.hold = undefined;
    expect((await resolver.resolve(user())).permissions.size).toBe(0);
  });

  it('X-3 the cache keeps at most maxEntries callers, dropping the oldest', async () => {
    const { source, state } = fakeSource({ 't-1': [] });
    const resolver = new PermissionResolver(source, { maxEntries: 2 });
    for (const subject of ['a', 'b', 'c']) await resolver.resolve(user({ subject }));
    await resolver.resolve(user({ subject: 'c' }));
    expect(state.reads).toBe(3);
    await resolver.resolve(user({ subject: 'a' }));
    expect(state.reads).toBe(4);
  });
});
