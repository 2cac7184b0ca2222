import { deterministicUuid } from './deterministic-id';

/** Permissions granted through security groups. */
export const permissions = [
  'accounts:view',
  'accounts:edit',
  'individuals:edit',
  'sales-enablement:view',
  'policies:view',
  'policies:edit',
  'carrier-feeds:import',
  'agent-crm:provision',
  'ams:sync',
  'finance:view',
  'finance:edit',
  'protected-data:view',
  'system:operate',
  /** List who saw the tenant's protected data unmasked: the protected-data access log. */
  'protected-data:audit',
  /** Manage the tenant's security groups: define them, grant their permissions, assign users. */
  'security-groups:manage',
  /**
   * Open every tenant's Temporal payloads in the codec server, and those bound to no tenant
   * (results, failures). Without it an operator opens only their own tenant's.
   */
  'payloads:decode-all',
  /** Service to service: the codec server records its decodes in the account service's access log. */
  'protected-data:record',
  /** Service to service: the codec server reads a tenant's groups concerning a caller from the account service. */
  'security-groups:resolve',
  /** Service to service: the account service pulls a business's synced page from the policy service. */
  'policy-sync:transfer',
  /** Service to service: the sales service reads the individuals a sales-record run matches, and their fields, from the account service. */
  'individuals:transfer',
  /** Service to service: the sales service merges a sales record converted to individual back into it (SR-7). */
  'individuals:merge',
] as const;
export type Permission = (typeof permissions)[number];

export const isPermission = (value: string): value is Permission => (permissions as readonly string[]).includes(value);

/**
 * Permissions no tenant can grant: they reach across tenants (payloads:decode-all) or are for
 * services only (policy-sync:transfer). Only the platform's own groups and service credentials
 * carry them (docs/decisions/0024).
 */
export const platformPermissions: readonly Permission[] = [
  'payloads:decode-all',
  'policy-sync:transfer',
  'protected-data:record',
  'security-groups:resolve',
  'individuals:transfer',
  'individuals:merge',
];

/** The permissions a tenant's admin may put in a security group of the tenant. */
export const tenantPermissions: readonly Permission[] = permissions.filter((p) => !platformPermissions.includes(p));

/**
 * The groups every tenant starts with: the account service seeds them, with these ids,
 * the first time a tenant's groups are managed, and every service resolves a tenant it knows no
 * group events of against them. After seeding, the tenant's admin owns them (rename, change,
 * delete); changing this list changes only tenants not seeded yet.
 */
export const defaultTenantSecurityGroups: Readonly<Record<string, readonly Permission[]>> = {
  'agency-user': ['accounts:view', 'accounts:edit', 'individuals:edit', 'policies:view'],
  agent: ['accounts:view', 'accounts:edit', 'individuals:edit', 'sales-enablement:view', 'policies:view'],
  'agency-admin': [
    'accounts:view',
    'accounts:edit',
    'individuals:edit',
    'sales-enablement:view',
    'policies:view',
    'policies:edit',
    'ams:sync',
    'protected-data:view',
    'protected-data:audit',
    'security-groups:manage',
  ],
  'fmo-admin': [
    'policies:view',
    'policies:edit',
    'carrier-feeds:import',
    'agent-crm:provision',
    'accounts:view',
    'security-groups:manage',
    'protected-data:audit',
  ],
  'finance-operator': ['finance:view', 'finance:edit'],
  operator: ['system:operate'],
};

/**
 * Groups of the platform itself, the same in every tenant and not managed by any tenant: their
 * names are reserved, and a token naming one gets these permissions wherever it is checked.
 */
export const platformSecurityGroups: Readonly<Record<string, readonly Permission[]>> = {
  /** Runs the platform itself, across tenants: the only group that decodes any tenant's payloads. */
  'platform-operator': ['system:operate', 'payloads:decode-all'],
};

/** Every group defined in code: the tenant defaults and the platform's (what a tenant without group events resolves). */
export const securityGroups: Readonly<Record<string, readonly Permission[]>> = { ...defaultTenantSecurityGroups, ...platformSecurityGroups };

/** The id a seeded group has in a tenant: the same in the account service and every read model. */
export const seededSecurityGroupId = (tenantId: string, name: string): string => deterministicUuid('security-group', tenantId, name);

/** A tenant's default groups as the account service seeds them (and every read model assumes until told otherwise). */
export const seededSecurityGroups = (tenantId: string): Array<{ id: string; name: string; permissions: readonly Permission[] }> =>
  Object.entries(defaultTenantSecurityGroups).map(([name, granted]) => ({ id: seededSecurityGroupId(tenantId, name), name, permissions: granted }));

/** Whether a group name is one of the platform's (compared as group names are: without case). */
export const isPlatformGroupName = (name: string): boolean => Object.keys(platformSecurityGroups).includes(name.toLowerCase());

/** The permissions of groups by their code definitions (tenant defaults and platform groups). */
export function expandSecurityGroups(groups: readonly string[]): Permission[] {
  return groups.flatMap((group) => securityGroups[group] ?? []);
}
