import { z } from 'zod';
import { MAX_SUBJECT_LENGTH } from './events/account/security-group-changed.v1';

/**
 * The codec server keeps no read model of security groups: it asks the account service, which
 * owns them, for the tenant's groups that concern a caller (X-3, decision 0024), and resolves the
 * caller's permissions from them exactly as every service does. Service credentials only.
 */
export const securityGroupResolutionPath = '/internal/security-groups/resolution';

export const securityGroupResolutionRequest = z.strictObject({
  subject: z.string().min(1).max(MAX_SUBJECT_LENGTH),
  /** The group names the caller's credentials claim. */
  names: z.array(z.string().min(1).max(200)).max(100),
});

export const securityGroupResolution = z.object({
  /** Null when the tenant has no groups of its own yet: the caller resolves against the defaults. */
  groups: z
    .array(z.object({ id: z.string(), name: z.string(), permissions: z.array(z.string()), member: z.boolean() }))
    .nullable(),
});
