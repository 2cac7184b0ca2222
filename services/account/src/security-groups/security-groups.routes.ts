import { Router, type Request } from 'express';
import { securityGroupResolutionPath, securityGroupResolutionRequest } from '@agencyflow/contracts';
import { forTenants, inTenant } from '@agencyflow/db';
import { parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { createSecurityGroup } from './create-security-group';
import { removeSecurityGroup } from './delete-security-group';
import { addSecurityGroupMember, removeSecurityGroupMember } from './security-group-members';
import { groupsConcerning, groupsOf, membersOf, type SecurityGroupListing } from './security-group-queries';
import { changeGroupBody, createGroupBody, groupIdParams, memberParams } from './security-group-schemas';
import { withTenantGroups } from './tenant-groups';
import { changeSecurityGroup } from './update-security-group';

const nameTaken = (name: string) => problems.conflict('group-name-taken', 'Group name taken', `The tenant has a group named "${name}" (names are compared without case).`);
const lockOut = (reason: string) => problems.conflict('last-manage-group', 'Last group that manages groups', reason);

const view = (group: SecurityGroupListing) => ({
  id: group.id,
  name: group.name,
  permissions: [...group.permissions].sort(),
  memberCount: group.memberCount,
  createdAt: group.createdAt.toISOString(),
  updatedAt: group.updatedAt.toISOString(),
});

/**
 * A tenant's security groups, managed by its admins (permission security-groups:manage, X-3,
 * decision 0024): groups, their permissions and members. Every change commits with its event
 * (account.security-group-changed) and drops the tenant's cached permissions here; the other
 * services follow the event. `GET /me/permissions` shows any caller what the server resolved.
 */
export function securityGroupRoutes({ database, permissions }: ServiceDeps): Router {
  const router = Router();
  const guard = requirePermission('security-groups:manage');
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

  router.get('/me/permissions', (req, res) => {
    const { subject, tenantId, kind, permissions: granted, groups } = principalOf(req);
    res.json({ subject, tenantId, kind: kind ?? 'user', permissions: [...granted].sort(), groups: groups ?? [] });
  });

  // For the codec server, which keeps no read model (security-groups:resolve is a platform permission: service credentials only).
  router.post(securityGroupResolutionPath, requirePermission('security-groups:resolve'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const { subject, names } = parseInput(securityGroupResolutionRequest, req.body);
    const groups = await inTenant(database, tenantId, (tx) => groupsConcerning(tx, tenantId, subject, names));
    res.json({ groups: groups ?? null });
  });

  router.get('/security-groups', guard, async (req, res) => {
    const { tenantId, actor, database: scoped } = caller(req);
    const groups = await withTenantGroups(scoped, tenantId, actor, (tx) => groupsOf(tx, tenantId));
    res.json({ items: groups.map(view) });
  });

  router.post('/security-groups', guard, async (req, res) => {
    const { tenantId, actor, database: scoped } = caller(req);
    const group = parseInput(createGroupBody, req.body);
    const result = await createSecurityGroup(scoped, { tenantId, actor, group });
    if (result.outcome === 'conflict') throw nameTaken(group.name);
    changed(tenantId);
    res.status(201).location(`/security-groups/${result.group.id}`).json(await current(req, result.group.id));
  });

  router.get('/security-groups/:groupId', guard, async (req, res) => {
    const { groupId } = parseInput(groupIdParams, req.params, 'path');
    res.json(await current(req, groupId));
  });

  router.patch('/security-groups/:groupId', guard, async (req, res) => {
    const { tenantId, actor, database: scoped } = caller(req);
    const { groupId } = parseInput(groupIdParams, req.params, 'path');
    const change = parseInput(changeGroupBody, req.body);
    const result = await changeSecurityGroup(scoped, { tenantId, groupId, actor, change });
    if (result.outcome === 'not-found') throw problems.notFound('security group');
    if (result.outcome === 'conflict') throw nameTaken(change.name!);
    if (result.outcome === 'refused') throw lockOut(result.reason);
    if (result.outcome === 'updated') changed(tenantId);
    res.json(await current(req, groupId));
  });

  router.delete('/security-groups/:groupId', guard, async (req, res) => {
    const { tenantId, actor, database: scoped } = caller(req);
    const { groupId } = parseInput(groupIdParams, req.params, 'path');
    const result = await removeSecurityGroup(scoped, { tenantId, groupId, actor });
    if (result.outcome === 'not-found') throw problems.notFound('security group');
    if (result.outcome === 'refused') throw lockOut(result.reason);
    changed(tenantId);
    res.status(204).end();
  });

  router.get('/security-groups/:groupId/members', guard, async (req, res) => {
    const { tenantId, actor, database: scoped } = caller(req);
    const { groupId } = parseInput(groupIdParams, req.params, 'path');
    const members = await withTenantGroups(
      scoped,
      tenantId,
      actor,
      async (tx) => ((await groupsOf(tx, tenantId, groupId)).length > 0 ? membersOf(tx, groupId) : undefined),
      (found) => found === undefined,
    );
    if (!members) throw problems.notFound('security group');
    res.json({ items: members.map((m) => ({ subject: m.subject, addedBy: m.addedBy, addedAt: m.addedAt.toISOString() })) });
  });

  router.put('/security-groups/:groupId/members/:subject', guard, async (req, res) => {
    const { tenantId, actor, database: scoped } = caller(req);
    const { groupId, subject } = parseInput(memberParams, req.params, 'path');
    const result = await addSecurityGroupMember(scoped, { tenantId, groupId, subject, actor });
    if (result.outcome === 'not-found') throw problems.notFound('security group');
    if (result.outcome === 'refused') throw problems.conflict('group-full', 'Group full', result.reason);
    if (result.outcome === 'created') changed(tenantId);
    res.status(result.outcome === 'created' ? 201 : 200).json({ groupId, subject, member: true });
  });

  router.delete('/security-groups/:groupId/members/:subject', guard, async (req, res) => {
    const { tenantId, actor, database: scoped } = caller(req);
    const { groupId, subject } = parseInput(memberParams, req.params, 'path');
    const result = await removeSecurityGroupMember(scoped, { tenantId, groupId, subject, actor });
    if (result.outcome === 'not-found') throw problems.notFound(result.what === 'group' ? 'security group' : 'member of this group');
    changed(tenantId);
    res.status(204).end();
  });

  return router;
}
