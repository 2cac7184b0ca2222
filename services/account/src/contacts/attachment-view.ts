import { z } from 'zod';
import { dealStages } from '../db/schema';

/** A deal card on a contact’s pipeline, as answered. */
export const dealCardView = z.strictObject({
  id: z.uuid(),
  tenantId: z.string(),
  contactId: z.uuid(),
  title: z.string(),
  stage: z.enum(dealStages),
  value: z.string().nullable().meta({ description: 'Money, two decimals' }),
  expectedCloseDate: z.iso.date().nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** A file of a contact as the Contact 360 lists it (never its content). */
export const contactFileSummaryView = z.strictObject({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.iso.datetime(),
});

/** A file just attached: its metadata and the SHA-256 of its bytes. */
export const contactFileView = contactFileSummaryView.extend({ sha256: z.string() });
