import type { AccountStatus, Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { lockAccount, renameAccount, setAccountStatuses, type AccountRow } from '../db/account-store';
import { decideUserStatusChange } from '../domain/account-status';
import { countActivePolicies } from '../policy-summaries/policy-summary-queries';
import { getAccount } from './account-queries';

export interface UpdateAccountCommand {
  tenantId: string;
  accountId: string;
  actor: string;
  name?: string;
  status?: AccountStatus;
}

export type UpdateAccountResult =
  | Outcome<'updated' | 'unchanged', { account: AccountRow }>
  | Outcome<'not-found'>
  | Outcome<'refused', { reason: string }>;

/** Renames an account and/or sets its status by hand (prospect or inactive), cascading to contacts (ACC-8). */
export async function updateAccount(database: Database, command: UpdateAccountCommand): Promise<UpdateAccountResult> {
  return database.db.transaction(async (tx) => {
    const account = await lockAccount(tx, command.tenantId, command.accountId);
    if (!account) return { outcome: 'not-found' };
    const changesStatus = command.status !== undefined && command.status !== account.status;
    const renames = command.name !== undefined && command.name !== account.name;
    if (!changesStatus && !renames) return { outcome: 'unchanged', account };

    if (changesStatus) {
      const decision = decideUserStatusChange(command.status!, await countActivePolicies(tx, command.tenantId, account.id));
      if (!decision.allowed) return { outcome: 'refused', reason: decision.reason };
      await setAccountStatuses(tx, {
        tenantId: command.tenantId,
        accountIds: [account.id],
        to: { status: command.status! },
        announce: { cause: 'user', actor: command.actor },
      });
    }
    if (renames) await renameAccount(tx, account, command.name!, command.actor);
    return { outcome: 'updated', account: (await getAccount(tx, command.tenantId, account.id))! };
  });
}
