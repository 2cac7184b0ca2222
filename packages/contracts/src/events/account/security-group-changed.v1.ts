import { z } from 'zod';
import { defineEvent } from '../define-event';

/** Most members a group holds: its event carries them all and must stay under MAX_EVENT_BYTES. */
export const MAX_SECURITY_GROUP_MEMBERS = 1000;
/** Longest user subject (a token's `sub`) a group accepts as a member. */
export const MAX_SUBJECT_LENGTH = 200;

/**
 * A tenant's security group was created (or seeded), renamed, given other permissions, gained or
 * lost a member, or deleted. State-carrying: the group as it is now, with every member, and
 * a revision that grows with each change, so a read model keeps the newest state whatever order
 * or number of times the events arrive. Keyed by the group id. Permissions a reader does not know
 * (added by a newer producer) are ignored by it.
 */
export const securityGroupChangedV1 = defineEvent({
  type: 'account.security-group-changed',
  version: 1,
  aggregateType: 'security-group',
  topic: 'account.events',
  schema: z.object({
    groupId: z.uuid(),
    name: z.string().min(1),
    permissions: z.array(z.string()),
    members: z.array(z.string().min(1).max(MAX_SUBJECT_LENGTH)).max(MAX_SECURITY_GROUP_MEMBERS),
    revision: z.number().int().positive(),
    deleted: z.boolean(),
    change: z.enum(['seeded', 'created', 'updated', 'member-added', 'member-removed', 'deleted']),
    changedBy: z.string().min(1),
  }),
});
