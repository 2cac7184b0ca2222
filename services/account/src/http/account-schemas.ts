import { z } from 'zod';

export const createAccountBody = z.strictObject({
  name: z.string().trim().min(1).max(200).meta({ example: 'Rivera household' }),
});

/** A user renames an account, or sets it to prospect or inactive (ACC-8; "active" follows from policies). */
export const updateAccountBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    status: z.enum(['prospect', 'inactive']),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'give a name or a status')
  .meta({ example: { status: 'inactive' } });

export const listAccountsQuery = z.strictObject({
  status: z.enum(['prospect', 'active', 'inactive']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Cursor: the createdAt of the last item of the previous page. */
  before: z.iso.datetime({ offset: true }).optional(),
});

export const accountIdParams = z.strictObject({ accountId: z.uuid() });

export const accountView = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['prospect', 'active', 'inactive']),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
