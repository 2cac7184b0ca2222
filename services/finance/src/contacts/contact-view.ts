import { z } from 'zod';
import type { ContactRow } from '../db/finance-store';

export const contactView = z.strictObject({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  revision: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ContactView = z.infer<typeof contactView>;

export const toContactView = (row: ContactRow): ContactView => ({
  id: row.id,
  firstName: row.firstName,
  lastName: row.lastName,
  displayName: `${row.firstName} ${row.lastName}`,
  email: row.email,
  phone: row.phone,
  company: row.company,
  revision: row.revision,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
