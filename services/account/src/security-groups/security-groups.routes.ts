import type { Request } from 'express';
import { securityGroupResolution, securityGroupResolutionPath, securityGroupResolutionRequest } from '@agencyflow/contracts';
import { forTenants, inTenant } from '@agencyflow/db';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { createSecurityGroup } from './create-security-group';
import { removeSecurityGroup } from './delete-security-group';
import { addSecurityGroupMember, removeSecurityGroupMember } from './security-group-members';
import { groupsConcerning, groupsOf, membersOf } from './security-group-queries';
import { changeGroupBody, createGroupBody, groupIdParams, memberParams } from './security-group-schemas';
import {
  callerPermissionsView,
  groupMemberListView,
  groupMembershipView,
  securityGroupListView,
  securityGroupView,
  toSecurityGroupView as view,
} from './security-group-view';
import { withTenantGroups } from './tenant-groups';
import { changeSecurityGroup } from './update-security-group';

const nameTaken = (name: string) => problems.conflict('group-name-taken', 'Group name taken', `The tenant has a group named "${name}" (names are compared without case).`);
const lockOut = (reason: string) => problems.conflict('last-manage-group', 'Last group that manages groups', reason);

const manage = 'security-groups:manage';
const lastManageGroup = 'The tenant’s last group holding security-groups:manage (last-manage-group): give it to another group first';

export const securityGroupApi = defineRoutes({
  callerPermissions: {
    method: 'get',
    path: '/me/permissions',
    summary: 'What the server resolved for the caller: permissions and the security groups they came from (X-3)',
    description:
      'Any authenticated caller. `groups[].via` says how each group applies: `membership` (the tenant assigned the caller), `token` ' +
      '(named in the token’s `groups` claim, resolved by name against the tenant’s groups) or `platform` (a platform group).',
    responses: { 200: ['The caller, its permissions and groups', callerPermissionsView] },
  },
  resolution: {
    method: 'post',
    path: securityGroupResolutionPath,
    summary: 'The tenant’s security groups that concern a caller (services only: the codec server resolves its callers with it)',
    permission: 'security-groups:resolve',
    body: securityGroupResolutionRequest,
    responses: { 200: ['The groups the subject is a member of or that the names name; null when the tenant has none of its own yet', securityGroupResolution] },
  },
  list: {
    method: 'get',
    path: '/security-groups',
    summary: 'List the tenant’s security groups with their permissions and member counts (X-3)',
    description: 'The first time a tenant’s groups are used, its default groups are created (agency-admin, fmo-admin, operator, agent, ...).',
    permission: manage,
    responses: { 200: ['The groups, by name', securityGroupListView] },
  },
  create: {
    method: 'post',
    path: '/security-groups',
    summary: 'Create a security group (name unique in the tenant without case; permissions from the catalogue)',
    permission: manage,
    body: createGroupBody,
    responses: { 201: ['Created', securityGroupView] },
    problems: { 409: 'A group of the tenant has that name (group-name-taken)' },
  },
  read: {
    method: 'get',
    path: '/security-groups/:groupId',
    summary: 'Read a security group',
    permission: manage,
    params: groupIdParams,
    responses: { 200: ['The group', securityGroupView] },
    problems: { 404: 'No such group in your tenant' },
  },
  change: {
    method: 'patch',
    path: '/security-groups/:groupId',
    summary: 'Rename a group and/or replace its permissions; its members’ permissions follow on every service once the change event arrives',
    permission: manage,
    params: groupIdParams,
    body: changeGroupBody,
    responses: { 200: ['The group', securityGroupView] },
    problems: { 404: 'No such group', 409: `Name taken (group-name-taken), or: ${lastManageGroup}` },
  },
  delete: {
    method: 'delete',
    path: '/security-groups/:groupId',
    summary: 'Delete a group and its memberships',
    permission: manage,
    params: groupIdParams,
    responses: { 204: 'Deleted' },
    problems: { 404: 'No such group', 409: lastManageGroup },
  },
  members: {
    method: 'get',
    path: '/security-groups/:groupId/members',
    summary: 'List the users assigned to a group',
    permission: manage,
    params: groupIdParams,
    responses: { 200: ['Members, by subject', groupMemberListView] },
    problems: { 404: 'No such group' },
  },
  addMember: {
    method: 'put',
    path: '/security-groups/:groupId/members/:subject',
    summary: 'Assign a user (a token subject) to a group',
    permission: manage,
    params: memberParams,
    responses: { 200: ['Already a member', groupMembershipView], 201: ['Assigned', groupMembershipView] },
    problems: { 404: 'No such group', 409: 'The group has 1,000 members (group-full): use the identity provider’s groups' },
  },
  removeMember: {
    method: 'delete',
    path: '/security-groups/:groupId/members/:subject',
    summary: 'Take a user out of a group',
    permission: manage,
    params: memberParams,
    responses: { 204: 'Removed' },
    problems: { 404: 'No such group, or the user is not a member' },
  },
});

/**
 * A tenant's security groups, managed by its admins (permission security-groups:manage, X-3,
 * decision 0024): groups, their permissions and members. Every change commits with its event
 * (account.security-group-changed) and drops the tenant's cached permissions here; the other
 * services follow the event. `GET /me/permissions` shows any caller what the server resolved.
 */
export function securityGroupRoutes({ database, permissions }: ServiceDeps): BoundRoute[] {
  const caller = (req: Request) => {
    const { tenantId, subject } = principalOf(req);
    return { tenantId, actor: subject, database: forTenants(database, tenantId) };
  };
  /** The group as it is now, after a change (or a read). */
  const current = async (req: Request, groupId: string) => {
    const { tenantId, actor, database: scoped } = caller(req);
    const [group] = await withTenantGroups(scoped, tenantId, actor, (tx) => groupsOf(tx, tenantId, groupId), (found) => found.length === 0);
    if (!group) throw problems.notFound('security group');
    return view(group);
  };
  const changed = (tenantId: string) => permissions.invalidateTenant(tenantId);

  return implementRoutes(securityGroupApi, {
    callerPermissions: (_input, req, res) => {
      const { subject, tenantId, kind, permissions: granted, groups } = principalOf(req);
      res.json({ subject, tenantId, kind: kind ?? 'user', permissions: [...granted].sort(), groups: groups ?? [] });
    },

    // For the codec server, which keeps no read model (security-groups:resolve is a platform permission: service credentials only).
    resolution: async ({ body: { subject, names } }, req, res) => {
      const { tenantId } = principalOf(req);
      const groups = await inTenant(database, tenantId, (tx) => groupsConcerning(tx, tenantId, subject, names));
      res.json({ groups: groups ?? null });
    },

    list: async (_input, req, res) => {
      const { tenantId, actor, database: scoped } = caller(req);
      const groups = await withTenantGroups(scoped, tenantId, actor, (tx) => groupsOf(tx, tenantId));
      res.json({ items: groups.map(view) });
    },

    create: async ({ body: group }, req, res) => {
      const { tenantId, actor, database: scoped } = caller(req);
      const result = await createSecurityGroup(scoped, { tenantId, actor, group });
      if (result.outcome === 'conflict') throw nameTaken(group.name);
      changed(tenantId);
      res.status(201).location(`/security-groups/${result.group.id}`).json(await current(req, result.group.id));
    },

    read: async ({ params: { groupId } }, req, res) => {
      res.json(await current(req, groupId));
    },

    change: async ({ params: { groupId }, body: change }, req, res) => {
      const { tenantId, actor, database: scoped } = caller(req);
      const result = await changeSecurityGroup(scoped, { tenantId, groupId, actor, change });
      if (result.outcome === 'not-found') throw problems.notFound('security group');
      if (result.outcome === 'conflict') throw nameTaken(change.name!);
      if (result.outcome === 'refused') throw lockOut(result.reason);
      if (result.outcome === 'updated') changed(tenantId);
      res.json(await current(req, groupId));
    },

    delete: async ({ params: { groupId } }, req, res) => {
      const { tenantId, actor, database: scoped } = caller(req);
      const result = await removeSecurityGroup(scoped, { tenantId, groupId, actor });
      if (result.outcome === 'not-found') throw problems.notFound('security group');
      if (result.outcome === 'refused') throw lockOut(result.reason);
      changed(tenantId);
      res.status(204).end();
    },

    members: async ({ params: { groupId } }, req, res) => {
      const { tenantId, actor, database: scoped } = caller(req);
      const members = await withTenantGroups(
        scoped,
        tenantId,
        actor,
        async (tx) => ((await groupsOf(tx, tenantId, groupId)).length > 0 ? membersOf(tx, groupId) : undefined),
        (found) => found === undefined,
      );
      if (!members) throw problems.notFound('security group');
      res.json({ items: members.map((m) => ({ subject: m.subject, addedBy: m.addedBy, addedAt: m.addedAt.toISOString() })) });
    },

    addMember: async ({ params: { groupId, subject } }, req, res) => {
      const { tenantId, actor, database: scoped } = caller(req);
      const result = await addSecurityGroupMember(scoped, { tenantId, groupId, subject, actor });
      if (result.outcome === 'not-found') throw problems.notFound('security group');
      if (result.outcome === 'refused') throw problems.conflict('group-full', 'Group full', result.reason);
      if (result.outcome === 'created') changed(tenantId);
      res.status(result.outcome === 'created' ? 201 : 200).json({ groupId, subject, member: true });
    },

    removeMember: async ({ params: { groupId, subject } }, req, res) => {
      const { tenantId, actor, database: scoped } = caller(req);
      const result = await removeSecurityGroupMember(scoped, { tenantId, groupId, subject, actor });
      if (result.outcome === 'not-found') throw problems.notFound(result.what === 'group' ? 'security group' : 'member of this group');
      changed(tenantId);
      res.status(204).end();
    },
  });
}
