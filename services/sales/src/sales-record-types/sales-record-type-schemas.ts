import { z } from 'zod';

const name = z.string().trim().min(1).max(200);

export const createTypeBody = z
  .strictObject({ name, active: z.boolean().default(true), salesWorkflowId: z.uuid().nullable().default(null) })
  .meta({ example: { name: 'Annual review', active: true } });

export const updateTypeBody = z
  .strictObject({ name: name.optional(), active: z.boolean().optional(), salesWorkflowId: z.uuid().nullable().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'give at least one field to change')
  .meta({ example: { active: false } });

export const typeIdParams = z.strictObject({ salesRecordTypeId: z.uuid() });

export const typeView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  active: z.boolean(),
  salesWorkflowId: z.uuid().nullable(),
  revision: z.number().int(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TypeView = z.infer<typeof typeView>;

export const typeListView = z.strictObject({ items: z.array(typeView) });
