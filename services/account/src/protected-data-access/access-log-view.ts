import { z } from 'zod';
import { protectedDataAccessKinds, protectedDataSources } from '@agencyflow/contracts';

/** An entry of the protected-data access log (access-log-queries.ts): who saw which record's protected fields, never the values. */
const accessLogEntryView = z.strictObject({
  id: z.uuid(),
  accessId: z.uuid(),
  occurredAt: z.iso.datetime(),
  actor: z.string(),
  actorTenantId: z.string(),
  access: z.enum(protectedDataAccessKinds),
  source: z.enum(protectedDataSources),
  requestId: z.string().nullable(),
  recordType: z.string(),
  recordId: z.string().nullable(),
  fields: z.array(z.string()),
  recordCount: z.number().int(),
});

export const accessLogPageView = z.strictObject({ items: z.array(accessLogEntryView), nextBefore: z.string().nullable() });
