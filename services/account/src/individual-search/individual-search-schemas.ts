import { z } from 'zod';
import { searchCriteria } from './search-criteria';

/** The SR-1 request bodies: criteria (search-criteria.ts), and for a page its size and cursor. */
const example = { state: ['FL'], age: { min: 65 }, policy: { coverageType: ['medicare-supplement'], status: ['active'] } };

/** Where a page starts: the opaque cursor of the previous page's `nextAfter`. */
const cursor = z.string().max(1000);

export const searchBody = z
  .strictObject({ criteria: searchCriteria.default({}), pageSize: z.number().int().min(1).max(200).default(50), after: cursor.optional() })
  .meta({ example: { criteria: example, pageSize: 50 } });

export const countBody = z.strictObject({ criteria: searchCriteria.default({}) }).meta({ example: { criteria: example } });

export const csvBody = countBody;
