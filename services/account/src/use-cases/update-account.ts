import { eq, sql } from 'drizzle-orm';
import { accountUpdatedV1, buildEvent, type AccountStatus, type OutgoingEvent } from '@agencyflow/contracts';
import { writeOutbox, type Database } from '@agencyflow/db';
import { accounts } from '../db/schema';
import { decideUserStatusChange } from '../domain/account-status';
import { applyStatusChange, countActivePolicies } from './account-status';
import { lockAccount } from './lock-account';

export interface UpdateAccountCommand {
  tenantId: string;
  accountId: string;
  actor: string;
  name?: string;
  status?: AccountStatus;
}

export type UpdateAccountResult =
  | { outcome: 'updated'; account: typeof accounts.$inferSelect }
  | { outcome: 'not-found' }
  | { outcome: 'refused'; reason: string };

/** Renames an account and/or sets its status by hand (prospect or inactive), cascading to contacts (ACC-8). */
export async function updateAccount(database: Database, command: UpdateAccountCommand): Promise<UpdateAccountResult> {
  return database.db.transaction(async (tx) => {
    const account = await lockAccount(tx, command.tenantId, command.accountId);
    if (!account) return { outcome: 'not-found' };
    const events: OutgoingEvent[] = [];

    if (command.status && command.status !== account.status) {
      const decision = decideUserStatusChange(command.status, await countActivePolicies(tx, command.tenantId, account.id));
      if (!decision.allowed) return { outcome: 'refused', reason: decision.reason };
      events.push(
        await applyStatusChange(tx, {
          tenantId: command.tenantId,
          accountId: account.id,
          from: account.status,
          to: command.status,
          cause: 'user',
          actor: command.actor,
        }),
      );
    }
    if (command.name && command.name !== account.name) {
      await tx.update(accounts).set({ name: command.name, updatedAt: sql`now()` }).where(eq(accounts.id, account.id));
      events.push(
        buildEvent(accountUpdatedV1, {
          tenantId: command.tenantId,
          aggregateId: account.id,
          data: { accountId: account.id, name: command.name, changedBy: command.actor },
        }),
      );
    }
    await writeOutbox(tx, events);
    const [updated] = await tx.select().from(accounts).where(eq(accounts.id, account.id));
    return { outcome: 'updated', account: updated! };
  });
}
