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
  'finance:edit',
  'protected-data:view',
  'system:operate',
  /**
   * Open every tenant's Temporal payloads in the codec server, and those bound to no tenant
   * (results, failures). Without it an operator opens only their own tenant's.
   */
  'payloads:decode-all',
  /** Service to service: the account service pulls a business's synced page from the policy service. */
  'policy-sync:transfer',
] as const;
export type Permission = (typeof permissions)[number];

/**
 * Security groups and the permissions they grant. A principal's permissions are the union of
 * its groups' (plus any granted directly in its token).
 */
export const securityGroups: Record<string, readonly Permission[]> = {
  'agency-user': ['accounts:view', 'accounts:edit', 'individuals:edit', 'policies:view'],
  'agency-admin': [
    'accounts:view',
    'accounts:edit',
    'individuals:edit',
    'sales-enablement:view',
    'policies:view',
    'policies:edit',
    'ams:sync',
    'protected-data:view',
  ],
  'fmo-admin': ['policies:view', 'policies:edit', 'carrier-feeds:import', 'agent-crm:provision', 'accounts:view'],
  'finance-operator': ['finance:edit'],
  operator: ['system:operate'],
  /** Runs the platform itself, across tenants: the only group that decodes any tenant's payloads. */
  'platform-operator': ['system:operate', 'payloads:decode-all'],
};

export function expandSecurityGroups(groups: readonly string[]): Permission[] {
  return groups.flatMap((group) => securityGroups[group] ?? []);
}
