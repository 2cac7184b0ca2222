import { z } from 'zod';
import { contactRoles } from '@agencyflow/contracts';

/** ACC-3/4/5: everything a contact's deletion takes or moves (deletion-impact.ts), as answered. */
export const deletionImpactView = z.strictObject({
  contact: z.strictObject({ id: z.uuid(), role: z.enum(contactRoles), displayName: z.string() }),
  account: z.strictObject({ id: z.uuid(), name: z.string(), deleted: z.boolean().meta({ description: 'The last contact takes its account with it' }) }),
  policies: z.array(
    z.strictObject({
      policyId: z.uuid(),
      carrier: z.string(),
      policyNumber: z.string(),
      status: z.string(),
      fate: z.enum(['moved-to-new-primary', 'deleted']),
    }),
  ),
  dealCards: z.number().int(),
  files: z.number().int(),
  historyEntries: z.number().int(),
});

export const contactDeletedView = z.strictObject({ deleted: deletionImpactView, newPrimaryContactId: z.uuid().nullable() });
