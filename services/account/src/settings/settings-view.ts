import { z } from 'zod';
import { customFieldTypes } from '../domain/custom-fields';

const times = { createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() };

/** A typed custom field definition of the tenant's contacts, as answered. */
export const customFieldView = z.strictObject({
  id: z.uuid(),
  tenantId: z.string(),
  key: z.string(),
  label: z.string(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()).meta({ description: 'The choices of a dropdown or checkbox-list field' }),
  ...times,
});

/** A servicing agent, optionally linked to a CRM user (SR-4 assigns that user). */
export const servicingAgentView = z.strictObject({
  id: z.uuid(),
  tenantId: z.string(),
  name: z.string(),
  npn: z.string().nullable(),
  userId: z.string().nullable(),
  ...times,
});

export const customFieldListView = z.strictObject({ items: z.array(customFieldView) });
export const servicingAgentListView = z.strictObject({ items: z.array(servicingAgentView) });
