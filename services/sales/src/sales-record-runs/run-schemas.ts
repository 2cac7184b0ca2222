import { z } from 'zod';

/**
 * SR-2 bodies. Criteria are the account service's SR-1 criteria (validated there, where the
 * search runs: an error comes back as a 400 naming the field); a saved search by id instead.
 */
const criteria = z.record(z.string(), z.unknown()).meta({ description: 'SR-1 criteria (see the account service’s POST /individuals/search)' });
const target = {
  criteria: criteria.optional(),
  savedSearchId: z.uuid().optional(),
  salesRecordTypeId: z.uuid(),
};
const oneTarget = (body: { criteria?: unknown; savedSearchId?: unknown }) => (body.criteria === undefined) !== (body.savedSearchId === undefined);
const oneTargetMessage = { message: 'give criteria or savedSearchId (one of them)', path: ['criteria'] };

export const previewRunBody = z
  .strictObject(target)
  .refine(oneTarget, oneTargetMessage)
  .meta({ example: { criteria: { state: ['TX'], policy: { coverageType: ['medicare-advantage'] } }, salesRecordTypeId: '5f0c6a43-1a43-4e5e-9d3f-0a4d7d8f2b11' } });

export const confirmRunBody = z
  .strictObject({
    ...target,
    /** The preview's `matched`: a run whose set changed since is refused with the new numbers. */
    expectedMatched: z.number().int().min(0),
    /** Individuals per page (tests use small pages). */
    pageSize: z.number().int().min(1).max(5000).optional(),
  })
  .refine(oneTarget, oneTargetMessage)
  .meta({ example: { criteria: { state: ['TX'] }, salesRecordTypeId: '5f0c6a43-1a43-4e5e-9d3f-0a4d7d8f2b11', expectedMatched: 1200 } });

export const previewView = z.strictObject({ matched: z.number().int(), alreadyLinked: z.number().int(), toCreate: z.number().int() });

export const runIdParams = z.strictObject({ runId: z.uuid() });

export const listRunsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The previous page's `nextBefore`. */
  before: z.string().max(200).optional(),
});
