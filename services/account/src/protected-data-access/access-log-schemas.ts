import { z } from 'zod';
import { protectedDataAccessKinds, protectedDataSources, timestampSchema } from '@agencyflow/contracts';
import { keysetCursor } from '@agencyflow/http';

/** Filters of the protected-data access log, combined with AND; newest first, keyset-paged. */
export const listAccessLogQuery = z
  .strictObject({
    actor: z.string().min(1).max(200).optional().meta({ description: 'Who saw the data (the token subject).' }),
    recordId: z.string().min(1).max(200).optional().meta({ description: 'Which record was shown (a contact id, a policy member id).' }),
    access: z.enum(protectedDataAccessKinds).optional(),
    source: z.enum(protectedDataSources).optional(),
    from: timestampSchema.optional().meta({ description: 'Accesses at or after this time.' }),
    to: timestampSchema.optional().meta({ description: 'Accesses before this time.' }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: keysetCursor.optional().meta({ type: 'string', description: 'nextBefore of the previous page (opaque).' }),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });
