import { z } from 'zod';
import { calendarDateSchema, moneySchema } from '@agencyflow/contracts';
import { dealStages } from '../db/schema';

/** Largest file a contact can carry; documented in the OpenAPI document. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export const dealCardBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    stage: z.enum(dealStages).default('new'),
    value: moneySchema.nullable().optional(),
    expectedCloseDate: calendarDateSchema.nullable().optional(),
  })
  .meta({ example: { title: 'Medicare Supplement plan G', stage: 'proposal', value: '1740.00' } });

/** A file's name and media type ride as query parameters; its bytes are the body. */
export const fileQuery = z.strictObject({
  fileName: z.string().trim().min(1).max(255).regex(/^[^/\\]+$/, 'a file name, not a path'),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'a media type such as application/pdf')
    .default('application/octet-stream'),
});

export const fileIdParams = z.strictObject({ fileId: z.uuid() });
