import type { AccountRow } from '../db/account-store';

/** An account as answered over HTTP (accountView in account-schemas.ts). */
export const toAccountView = (account: AccountRow) => ({
  id: account.id,
  name: account.name,
  status: account.status,
  createdAt: account.createdAt.toISOString(),
  updatedAt: account.updatedAt.toISOString(),
});
