import { z } from 'zod';

export const createAccountBody = z.strictObject({
  name: z.string().trim().min(1).max(200).meta({ example: 'Rivera household' }),
});

export const accountIdParams = z.strictObject({ accountId: z.uuid() });

export const accountView = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['prospect', 'active', 'inactive']),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
