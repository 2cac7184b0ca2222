import { and, eq } from 'drizzle-orm';
import { accounts } from '../db/schema';
import type { Executor } from '../db/executor';

/**
 * Reads an account of the tenant and locks it for the transaction: every change to an account's
 * contacts or status goes through this lock, so two requests cannot both add "the first"
 * contact or race on the primary (ACC-1).
 */
export async function lockAccount(tx: Executor, tenantId: string, accountId: string) {
  const [account] = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId)))
    .for('update');
  return account;
}
