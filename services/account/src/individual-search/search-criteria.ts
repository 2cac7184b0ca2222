import { z } from 'zod';
import { accountStatusSchema, calendarDateSchema, coverageTypeSchema, policyStatusSchema, usStateSchema } from '@agencyflow/contracts';

/**
 * SR-1 search criteria: one JSON object, every field optional, all given fields combined with
 * AND; a list means "any of". Unknown fields, bad dates (year 0000 included: 1800 is the
 * earliest) and inverted ranges are 400s. Decision 0025 has the model.
 */

const text = (max = 100) => z.string().trim().min(1).max(max);
const anyOf = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(200);

const ordered = (low?: string | number, high?: string | number) => low === undefined || high === undefined || low <= high;
const atLeastOne = (r: Record<string, unknown>) => Object.values(r).some((v) => v !== undefined);

/** An inclusive date range; at least one end. */
export const dateRange = z
  .strictObject({ from: calendarDateSchema.optional(), to: calendarDateSchema.optional() })
  .refine(atLeastOne, 'give from, to or both')
  .refine((r) => ordered(r.from, r.to), { message: 'from is after to', path: ['to'] });

/** An inclusive number range; at least one end. */
const numberRange = (item: z.ZodNumber) =>
  z
    .strictObject({ min: item.optional(), max: item.optional() })
    .refine(atLeastOne, 'give min, max or both')
    .refine((r) => ordered(r.min, r.max), { message: 'min is above max', path: ['max'] });

/**
 * A custom-field criterion; which form a field takes depends on its type (checked against the
 * tenant's definitions, custom-field-criteria.ts): text `{ equals }` (without case), dropdown and
 * checkbox-list `{ anyOf }`, checkbox `{ equals: true | false }`, number, currency and percent
 * `{ min, max }`, date `{ from, to }`.
 */
export const customFieldCriterion = z.union([
  z.strictObject({ equals: z.union([z.string().min(1).max(2000), z.boolean()]) }),
  z.strictObject({ anyOf: anyOf(z.string().min(1).max(100)) }),
  numberRange(z.number()),
  dateRange,
]);
export type CustomFieldCriterion = z.infer<typeof customFieldCriterion>;

/** Policy criteria: the individual holds (as policyholder or member) one policy that meets them all. */
const policyCriteria = z
  .strictObject({
    coverageType: anyOf(coverageTypeSchema).optional(),
    status: anyOf(policyStatusSchema).optional(),
    carrier: anyOf(text(200)).optional(),
    effectiveDate: dateRange.optional(),
    renewalDate: dateRange.optional(),
  })
  .refine(atLeastOne, 'give at least one policy criterion');

export const searchCriteria = z.strictObject({
  status: anyOf(accountStatusSchema).optional(),
  state: anyOf(usStateSchema).optional(),
  county: anyOf(text()).optional(),
  zip: anyOf(z.string().regex(/^\d{5}$/, 'zip is 5 digits (it matches ZIP+4 codes too)')).optional(),
  servicingAgentId: anyOf(z.uuid()).optional(),
  leadSource: anyOf(text()).optional(),
  gender: anyOf(z.enum(['female', 'male', 'non-binary', 'unknown'])).optional(),
  dateOfBirth: dateRange.optional(),
  age: numberRange(z.number().int().min(0).max(150)).optional(),
  customFields: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'a custom field key is snake_case'), customFieldCriterion).optional(),
  policy: policyCriteria.optional(),
  hasActivePolicy: z.boolean().optional(),
});
export type SearchCriteria = z.infer<typeof searchCriteria>;
