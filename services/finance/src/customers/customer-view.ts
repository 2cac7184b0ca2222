import { z } from 'zod';
import type { CustomerRow } from '../db/finance-store';
import { maskTaxId, type FieldCipher } from '../field-cipher';

export const customerView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  addressLine1: z.string(),
  addressLine2: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
  taxId: z.string().nullable().meta({ description: 'Always masked (decision 0028)' }),
  revision: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CustomerView = z.infer<typeof customerView>;

/** A customer as answered: the tax id masked for everyone (decision 0028: it is never shown in clear). */
export const toCustomerView = (row: CustomerRow, cipher: FieldCipher): CustomerView => ({
  id: row.id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  addressLine1: row.addressLine1,
  addressLine2: row.addressLine2,
  city: row.city,
  state: row.state,
  zip: row.zip,
  taxId: maskTaxId(cipher.decryptOptional(row.taxId)),
  revision: row.revision,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
