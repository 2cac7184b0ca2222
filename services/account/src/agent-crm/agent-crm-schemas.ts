import { z } from 'zod';
import { emailSchema, npnSchema } from '@agencyflow/contracts';
import { newestFirstQuery } from '@agencyflow/http';

export const agentCrmUserBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: emailSchema,
  npn: npnSchema,
});

/** PS-3: what an FMO admin gives to provision an Agent CRM business. */
export const provisionBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['agent', 'agency']),
    users: z.array(agentCrmUserBody).min(1).max(200),
    policySyncEnabled: z.boolean(),
    /** Policies per sync page; the default suits production, tests use small pages. */
    pageSize: z.number().int().min(1).max(2000).optional(),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.users.forEach((user, index) => {
      if (seen.has(user.email)) ctx.addIssue({ code: 'custom', path: ['users', index, 'email'], message: 'the same email twice' });
      seen.add(user.email);
    });
    if (body.kind === 'agent' && body.users.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['users'], message: 'an agent business has exactly one user' });
    }
  })
  .meta({
    example: {
      name: 'Brooks Insurance Agency',
      kind: 'agency',
      users: [
        { name: 'Dana Brooks', email: 'dana@brooks-agency.example', npn: '17234598' },
        { name: 'Lee Park', email: 'lee@brooks-agency.example', npn: '18800211' },
      ],
      policySyncEnabled: true,
    },
  });
export type ProvisionBody = z.infer<typeof provisionBody>;

export const businessIdParams = z.strictObject({ businessId: z.uuid() });
export const policySyncBody = z.strictObject({ enabled: z.boolean() }).meta({ example: { enabled: true } });

const listWindow = newestFirstQuery({ since: 'Started at or after this time', until: 'Started before this time' });

/** The FMO's businesses as provisioning jobs: newest first, by state and creation time. */
export const listBusinessesQuery = z.strictObject({ state: z.enum(['provisioning', 'active']).optional(), ...listWindow });

/** The policy sync runs of the FMO's businesses: newest first, by state, business and start time. */
export const listSyncRunsQuery = z.strictObject({
  state: z.enum(['running', 'completed', 'skipped', 'failed']).optional(),
  businessId: z.uuid().optional(),
  ...listWindow,
});

export const syncRunIdParams = z.strictObject({ runId: z.uuid() });
