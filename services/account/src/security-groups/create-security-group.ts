import type { Outcome, Permission } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { insertSecurityGroup, type SecurityGroupRow } from '../db/security-group-store';
import { nameTaken } from './security-group-queries';
import { withTenantGroups } from './tenant-groups';

/** A new security group of the tenant; its name is unique in the tenant without case. */
export function createSecurityGroup(
  database: Database,
  command: { tenantId: string; actor: string; group: { name: string; permissions: Permission[] } },
): Promise<Outcome<'created', { group: SecurityGroupRow }> | Outcome<'conflict'>> {
  const { tenantId, actor, group } = command;
  return withTenantGroups(database, tenantId, actor, async (tx) => {
    if (await nameTaken(tx, tenantId, group.name)) return { outcome: 'conflict' as const };
    return { outcome: 'created' as const, group: await insertSecurityGroup(tx, tenantId, group, actor) };
  });
}
