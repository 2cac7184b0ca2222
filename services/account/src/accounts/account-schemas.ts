import { z } from 'zod';
import { timestampSchema } from '@agencyflow/contracts';
import { decodeKeysetCursor } from '@agencyflow/http';

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

/** A bare date-time (the cursor this API answered before) is accepted too: rows created before it. */
const accountsCursor = z.string().transform((value, ctx): AccountsCursor => {
  if (timestampSchema.safeParse(value).success) return { createdAt: value };
  const keyset = decodeKeysetCursor(value);
  if (keyset) return keyset;
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
