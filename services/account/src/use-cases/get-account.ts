import { and, eq } from 'drizzle-orm';
import type { Database } from '@agencyflow/db';
import { accounts } from '../db/schema';

/** An account of this tenant, or undefined: another tenant's account is indistinguishable from none. */
export async function getAccount(database: Database, tenantId: string, accountId: string) {
  const [account] = await database.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId)));
  return account;
}
