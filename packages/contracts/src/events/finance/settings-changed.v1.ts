import { z } from 'zod';
import { defineEvent } from '../define-event';

/** A tenant's finance settings changed: whether address changes on financed programs need review, and its delays (decision 0032). */
export const financeSettingsChangedV1 = defineEvent({
  type: 'finance.settings-changed',
  version: 1,
  aggregateType: 'finance-settings',
  topic: 'finance.events',
  schema: z.object({
    addressReviewRequired: z.boolean(),
    reviewReminderAfterDays: z.number().int().positive(),
    reviewExpireAfterDays: z.number().int().positive(),
    changedBy: z.string().min(1),
  }),
});
