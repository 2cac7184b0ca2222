import { z } from 'zod';

/** An ACC-9 history entry as the 360 views show it (history-queries.ts), newest first. */
export const historyEntryView = z.strictObject({
  occurredAt: z.iso.datetime(),
  source: z.string().meta({ description: 'The service whose event it was' }),
  eventType: z.string(),
  summary: z.string(),
  contactId: z.uuid().nullable(),
  actor: z.string().nullable(),
});
