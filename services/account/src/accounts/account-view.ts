import { z } from 'zod';
import { accountStatuses } from '@agencyflow/contracts';
import type { AccountRow } from '../db/account-store';

/** An account as answered over HTTP. */
export const accountView = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(accountStatuses).meta({ description: 'ACC-6/ACC-8: "active" follows from the account’s policies' }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AccountView = z.infer<typeof accountView>;

export const accountPageView = z.strictObject({ items: z.array(accountView), nextBefore: z.string().nullable() });

export const toAccountView = (account: AccountRow): AccountView => ({
  id: account.id,
  name: account.name,
  status: account.status,
  createdAt: account.createdAt.toISOString(),
  updatedAt: account.updatedAt.toISOString(),
});
