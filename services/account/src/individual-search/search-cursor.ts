import { z } from 'zod';
import { problems } from '@agencyflow/http';

/**
 * Where a page of search results ends: the keyset (last name, first name, id) of its last row,
 * unique and in the order results are listed. Opaque to clients (base64url JSON), so the order can
 * change without breaking the contract; a cursor that does not decode is a 400.
 */
export interface SearchCursor {
  lastName: string;
  firstName: string;
  id: string;
}

const keyset = z.tuple([z.string(), z.string(), z.uuid()]);

export const encodeCursor = (row: SearchCursor): string => Buffer.from(JSON.stringify([row.lastName, row.firstName, row.id])).toString('base64url');

export function decodeCursor(after: string | undefined): SearchCursor | undefined {
  if (after === undefined) return undefined;
  try {
    const [lastName, firstName, id] = keyset.parse(JSON.parse(Buffer.from(after, 'base64url').toString('utf8')));
    return { lastName, firstName, id };
  } catch {
    throw problems.validation([{ path: 'body.after', message: 'not a cursor of this search (use nextAfter of the previous page)' }]);
  }
}
