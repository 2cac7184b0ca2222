import { z } from 'zod';
import { searchCriteria } from '../individual-search/search-criteria';

/** A saved search's name: 1 to 100 characters of text, no control characters. */
const name = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, 'a name has no control characters');

export const saveSearchBody = z
  .strictObject({ name, criteria: searchCriteria })
  .meta({ example: { name: 'Florida Med Supp 65+', criteria: { state: ['FL'], age: { min: 65 }, policy: { coverageType: ['medicare-supplement'] } } } });

export const renameSearchBody = z.strictObject({ name }).meta({ example: { name: 'Florida Med Supp, 65 and over' } });

export const savedSearchIdParams = z.strictObject({ savedSearchId: z.uuid() });
