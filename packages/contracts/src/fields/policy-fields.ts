import { z } from 'zod';

/** PS-1 coverage types. */
export const coverageTypes = [
  'medicare-advantage',
  'medicare-supplement',
  'prescription-drug-plan',
  'aca',
  'dental',
  'vision',
  'life',
  'final-expense',
  'home',
  'auto',
  'commercial',
  'other',
] as const;
export type CoverageType = (typeof coverageTypes)[number];
export const coverageTypeSchema = z.enum(coverageTypes);

/** PS-1 policy statuses. */
export const policyStatuses = ['pending', 'active', 'cancelled', 'archived', 'terminated'] as const;
export type PolicyStatus = (typeof policyStatuses)[number];
export const policyStatusSchema = z.enum(policyStatuses);

export const memberRelationships = ['policyholder', 'spouse', 'dependent'] as const;
export type MemberRelationship = (typeof memberRelationships)[number];

/** Money as a decimal string with at most 2 decimals, e.g. "129.50". */
export const moneySchema = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^\d{1,10}(\.\d{1,2})?$/.test(v), 'amount is a non-negative number with at most 2 decimals');
