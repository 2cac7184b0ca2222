import { isPermission, isPlatformGroupName, platformPermissions, platformSecurityGroups, seededSecurityGroups, type Permission } from '@agencyflow/contracts';
import type { Identity, Principal, ResolvedGroup } from './principal';

/** A tenant's security group as a resolver sees it: `member` when the tenant assigned the subject to it. */
export interface TenantGroup {
  id: string;
  name: string;
  permissions: readonly string[];
  member: boolean;
}

/** Resolves an identity's permissions (the server's answer, never the token's list): see resolvePrincipal. */
export type PrincipalResolver = (identity: Identity) => Promise<Principal>;

/** The default groups of a tenant that has no definitions of its own yet (seeded ids, no members). */
export const seededTenantGroups = (tenantId: string): TenantGroup[] => seededSecurityGroups(tenantId).map((group) => ({ ...group, member: false }));

/**
 * A principal's permissions (X-3, docs/decisions/0024): the union of
 * - the tenant's groups the subject is a member of,
 * - the tenant's groups named in the credentials' `groups` claim (by name, without case), so a
 *   tenant admin who changes a group changes what its members may do,
 * - the platform's groups named there (fixed in code, the same in every tenant),
 * - for service credentials only, the permissions they carry themselves.
 * `tenantGroups` undefined: the tenant has no group definitions yet, and its groups are the defaults.
 * A tenant group never grants a platform permission, whatever a read model holds.
 */
export function resolvePrincipal(identity: Identity, tenantGroups: readonly TenantGroup[] | undefined): Principal {
  const claimed = new Set(identity.groups.map((g) => g.toLowerCase()));
  const granted = new Set<Permission>(identity.kind === 'service' ? identity.permissions : []);
  const groups: ResolvedGroup[] = [];

  for (const [name, permissions] of Object.entries(platformSecurityGroups)) {
    if (!claimed.has(name)) continue;
    permissions.forEach((p) => granted.add(p));
    groups.push({ id: null, name, via: 'platform' });
  }
  for (const group of tenantGroups ?? seededTenantGroups(identity.tenantId)) {
    const named = claimed.has(group.name.toLowerCase()) && !isPlatformGroupName(group.name);
    if (!group.member && !named) continue;
    for (const permission of group.permissions) {
      if (isPermission(permission) && !platformPermissions.includes(permission)) granted.add(permission);
    }
    groups.push({ id: group.id, name: group.name, via: group.member ? 'membership' : 'token' });
  }
  groups.sort((a, b) => a.name.localeCompare(b.name));
  return { subject: identity.subject, tenantId: identity.tenantId, kind: identity.kind, permissions: granted, groups };
}

/** Resolution against the code's definitions only, for a deployable that keeps no group read model (the codec server). */
export const resolveFromDefaults: PrincipalResolver = async (identity) => resolvePrincipal(identity, undefined);
