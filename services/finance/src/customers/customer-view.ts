import type { CustomerRow } from '../db/finance-store';
import { maskTaxId, type FieldCipher } from '../field-cipher';

/** A customer as answered: the tax id masked for everyone (decision 0028: it is never shown in clear). */
export const toCustomerView = (row: CustomerRow, cipher: FieldCipher) => ({
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
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
