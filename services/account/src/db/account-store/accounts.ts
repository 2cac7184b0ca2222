import { and, eq, sql } from 'drizzle-orm';
import { accountCreatedV1, accountUpdatedV1, buildEvent } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { accounts } from '../schema';
import { lockAccountKeys } from './account-keys';

export type AccountRow = typeof accounts.$inferSelect;

/**
 * Reads an account of the tenant and locks it for the transaction: every change to an account's
 * contacts or status goes through this lock, so two requests cannot both add "the first"
 * contact or race on the primary (ACC-1).
 */
export async function lockAccount(tx: Executor, tenantId: string, accountId: string): Promise<AccountRow | undefined> {
  // The account's key before its row, in every path: the order the status writer and a sync page take them.
  await lockAccountKeys(tx, [accountId]);
  const [account] = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.id, accountId)))
    .for('update');
  return account;
}

/** Opens an account as a prospect (ACC-6, the column's default) and publishes account-created. */
export async function openAccount(tx: Executor, account: { tenantId: string; name: string; createdBy: string }): Promise<AccountRow> {
  const [row] = await tx.insert(accounts).values(account).returning();
  const opened = row!;
  await writeOutbox(tx, [
    buildEvent(accountCreatedV1, {
      tenantId: opened.tenantId,
      aggregateId: opened.id,
      data: { accountId: opened.id, name: opened.name, status: opened.status, createdBy: opened.createdBy },
    }),
  ]);
  return opened;
}

/** Renames a (locked) account and publishes account-updated. */
export async function renameAccount(tx: Executor, account: AccountRow, name: string, actor: string): Promise<void> {
  await tx.update(accounts).set({ name, updatedAt: sql`now()` }).where(eq(accounts.id, account.id));
  await writeOutbox(tx, [
    buildEvent(accountUpdatedV1, {
      tenantId: account.tenantId,
      aggregateId: account.id,
      data: { accountId: account.id, name, changedBy: actor },
    }),
  ]);
}

/**
 * Removes every account of a tenant (their contacts, deal cards and files go by foreign key):
 * the compensation of an Agent CRM provisioning, whose business is the tenant. No events: the
 * tenant itself is going, and its business-deleted event says so.
 */
export async function deleteTenantAccounts(tx: Executor, tenantId: string): Promise<void> {
  await tx.delete(accounts).where(eq(accounts.tenantId, tenantId));
}
