import { z } from 'zod';
import { newestFirstQuery } from '@agencyflow/http';

/** The tenant's review setting and its delays, in days (decision 0032). */
export const addressReviewSettingsBody = z
  .strictObject({
    addressReviewRequired: z.boolean().meta({ description: 'Address changes on financed programs wait for a reviewer' }),
    reviewReminderAfterDays: z.number().int().min(1).max(90),
    reviewExpireAfterDays: z.number().int().min(1).max(365),
  })
  .refine((s) => s.reviewExpireAfterDays > s.reviewReminderAfterDays, { message: 'the reminder comes before the expiry', path: ['reviewExpireAfterDays'] })
  .meta({ example: { addressReviewRequired: true, reviewReminderAfterDays: 3, reviewExpireAfterDays: 14 } });

export const addressReviewStates = ['pending', 'approved', 'rejected', 'expired'] as const;

export const listAddressReviewsQuery = z.strictObject({
  state: z.enum(addressReviewStates).optional(),
  customerId: z.uuid().optional(),
  ...newestFirstQuery({ since: 'Requested at or after this time', until: 'Requested before this time' }),
});

export const reviewIdParams = z.strictObject({ reviewId: z.uuid() });

/** A reviewer's decision; the reason is kept with the review and shown in the customer's history. */
// A decision may come without a body (no reason).
export const addressReviewDecisionBody = z
  .strictObject({ reason: z.string().trim().min(1).max(500).optional() })
  .prefault({})
  .meta({ example: { reason: 'The utility bill names the insured at the new address.' } });
