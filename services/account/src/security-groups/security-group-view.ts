import { z } from 'zod';
import { permissions } from '@agencyflow/contracts';
import type { SecurityGroupListing } from './security-group-queries';

const permissionList = z.array(z.enum(permissions));

/** A tenant's security group as answered: its permissions (sorted) and how many members it has. */
export const securityGroupView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  permissions: permissionList,
  memberCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SecurityGroupView = z.infer<typeof securityGroupView>;

export const securityGroupListView = z.strictObject({ items: z.array(securityGroupView) });

export const groupMemberListView = z.strictObject({
  items: z.array(z.strictObject({ subject: z.string(), addedBy: z.string(), addedAt: z.iso.datetime() })),
});

export const groupMembershipView = z.strictObject({ groupId: z.uuid(), subject: z.string(), member: z.literal(true) });

/** what the server resolved for the caller, and the groups it came from. */
export const callerPermissionsView = z.strictObject({
  subject: z.string(),
  tenantId: z.string(),
  kind: z.enum(['user', 'service']),
  permissions: permissionList,
  groups: z.array(
    z.strictObject({
      id: z.uuid().nullable().meta({ description: 'Null for a platform group, which no tenant owns' }),
      name: z.string(),
      via: z.enum(['membership', 'token', 'platform']),
    }),
  ),
});

export const toSecurityGroupView = (group: SecurityGroupListing): SecurityGroupView => ({
  id: group.id,
  name: group.name,
  permissions: [...group.permissions].sort(),
  memberCount: group.memberCount,
  createdAt: group.createdAt.toISOString(),
  updatedAt: group.updatedAt.toISOString(),
});
