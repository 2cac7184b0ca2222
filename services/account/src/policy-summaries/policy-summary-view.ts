import { z } from 'zod';

/** What the 360 views show of a policy (ACC-9), from the policy read model (policy-summary-queries.ts). */
export const policySummaryView = z.strictObject({
  policyId: z.uuid(),
  carrier: z.string(),
  policyNumber: z.string(),
  coverageType: z.string(),
  status: z.string(),
  effectiveDate: z.string(),
  renewalDate: z.string().nullable(),
  premium: z.string(),
  policyholderContactId: z.uuid().nullable(),
});
