import { z } from 'zod';
import { timestampSchema } from '@agencyflow/contracts';

/**
 * The cursor of a newest-first list paged by the unique keyset (created_at, id): the last row's
 * keyset as base64url JSON, opaque to clients. `createdAt` keeps PostgreSQL's microseconds, which
 * a JS Date would lose.
 */
export const encodeKeysetCursor = (createdAt: string, id: string): string => Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

const cursorParts = z.tuple([timestampSchema, z.uuid()]);

/** The keyset a cursor this API answered holds, or undefined for anything else. */
export function decodeKeysetCursor(value: string): { createdAt: string; id: string } | undefined {
  try {
    const parts = cursorParts.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parts.success ? { createdAt: parts.data[0], id: parts.data[1] } : undefined;
  } catch {
    return undefined; // not JSON
  }
}

/** A `before` query parameter: a cursor this API answered (400 otherwise). */
export const keysetCursor = z.string().transform((value, ctx) => {
  const keyset = decodeKeysetCursor(value);
  if (keyset) return keyset;
  ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned (nextBefore)' });
  return z.NEVER;
});

/**
 * The query fields of a newest-first list (jobs, runs, reviews ...), spread into its strict
 * schema: a time window (`since`, `until`, described as what the time is), a page size and the
 * cursor of the previous page.
 */
export const newestFirstQuery = (time: { since: string; until: string } = { since: 'Created at or after this time', until: 'Created before this time' }) => ({
  since: timestampSchema.optional().meta({ description: time.since }),
  until: timestampSchema.optional().meta({ description: time.until }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: keysetCursor.optional().meta({ type: 'string', description: 'nextBefore of the previous page (opaque)' }),
});
