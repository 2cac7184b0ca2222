import { z } from 'zod';
import { isPlatformGroupName, MAX_SUBJECT_LENGTH, tenantPermissions, type Permission } from '@agencyflow/contracts';

/** Letters, digits, spaces, and - _ . : inside; 1 to 100 characters, starting with a letter or digit. */
const groupName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:-]*$/u, 'a group name has letters, digits, spaces and - _ . : only, and starts with a letter or digit')
  .refine((name) => !isPlatformGroupName(name), 'this name is reserved for a platform group');

/** Permissions from the catalogue a tenant may grant; each once, kept sorted. */
const groupPermissions = z
  .array(z.enum(tenantPermissions as [Permission, ...Permission[]], { error: (issue) => `not a permission a group can grant: ${JSON.stringify(issue.input)}` }))
  .max(100)
  .transform((granted) => [...new Set(granted)].sort());

export const createGroupBody = z
  .strictObject({ name: groupName, permissions: groupPermissions })
  .meta({ example: { name: 'Policy viewers', permissions: ['policies:view'] } });

export const changeGroupBody = z
  .strictObject({ name: groupName.optional(), permissions: groupPermissions.optional() })
  .refine((body) => body.name !== undefined || body.permissions !== undefined, 'give a name, permissions, or both')
  .meta({ example: { permissions: ['accounts:view', 'policies:view'] } });

export const groupIdParams = z.strictObject({ groupId: z.uuid() });

/** A user as the tokens name it (`sub`): printable, 1 to MAX_SUBJECT_LENGTH characters. */
export const memberParams = z.strictObject({
  groupId: z.uuid(),
  subject: z
    .string()
    .min(1)
    .max(MAX_SUBJECT_LENGTH)
    .regex(/^[^\p{Cc}]+$/u, 'a subject has no control characters')
    .meta({ description: 'The user as tokens name it (`sub`), URL-encoded' }),
});
