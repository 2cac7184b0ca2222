import { z } from 'zod';
import { timestampSchema } from '@agencyflow/contracts';

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

/**
 * Where a page of the accounts list starts: after the row with this (created_at, id), in the
 * list's order (newest first). `createdAt` keeps PostgreSQL's microseconds, which a JS Date
 * would lose. A bare date-time (the cursor this API answered before) carries no id.
 */
export type AccountsCursor = { createdAt: string; id?: string };

const isoDateTime = timestampSchema;
const cursorParts = z.tuple([isoDateTime, z.uuid()]);

/** nextBefore: the last row's keyset as base64url JSON, opaque to clients. */
export const encodeAccountsCursor = (createdAt: string, id: string): string => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

export const accountsCursor = z.string().transform((value, ctx): AccountsCursor => {
  if (isoDateTime.safeParse(value).success) return { createdAt: value };
  try {
    const parts = cursorParts.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    if (parts.success) return { createdAt: parts.data[0], id: parts.data[1] };
  } catch {
    // not JSON: fall through
  }
  ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned (nextBefore)' });
  return z.NEVER;
});

export const listAccountsQuery = z.strictObject({
  status: z.enum(['prospect', 'active', 'inactive']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: accountsCursor
    .optional()
    .meta({ type: 'string', description: 'nextBefore of the previous page (opaque). A date-time is accepted too: accounts created before it.' }),
});

export const accountIdParams = z.strictObject({ accountId: z.uuid() });

export const accountView = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['prospect', 'active', 'inactive']),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
