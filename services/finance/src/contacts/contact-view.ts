import type { ContactRow } from '../db/finance-store';

export const toContactView = (row: ContactRow) => ({
  id: row.id,
  firstName: row.firstName,
  lastName: row.lastName,
  displayName: `${row.firstName} ${row.lastName}`,
  email: row.email,
  phone: row.phone,
  company: row.company,
  revision: row.revision,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
