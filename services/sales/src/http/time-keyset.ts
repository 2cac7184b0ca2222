import { problems } from '@agencyflow/http';

/**
 * The cursor of a newest-first list: the last row's (time, id), the time as PostgreSQL's text
 * (microseconds kept), as opaque base64url JSON. A cursor that does not decode is a 400.
 */
export interface TimeKeyset {
  at: string;
  id: string;
}

export const encodeTimeKeyset = (key: TimeKeyset): string => Buffer.from(JSON.stringify([key.at, key.id])).toString('base64url');

export function decodeTimeKeyset(before: string | undefined): TimeKeyset | undefined {
  if (before === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(before, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('not a cursor');
    return { at, id };
  } catch {
    throw problems.validation([{ path: 'query.before', message: 'not a cursor of this list (use nextBefore of the previous page)' }]);
  }
}
