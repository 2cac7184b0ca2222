import { writeOutbox } from '@agencyflow/db';
import type { Executor } from '../db/executor';
import { statusFromPolicies } from '../domain/account-status';
import { applyStatusChange, countActivePolicies } from '../use-cases/account-status';
import { lockAccount } from '../use-cases/lock-account';

/** ACC-6: re-derives an account's status from its policies and cascades a change (ACC-8). */
export async function refreshAccountStatus(tx: Executor, tenantId: string, accountId: string, actor: string): Promise<void> {
  const account = await lockAccount(tx, tenantId, accountId);
  if (!account) return; // deleted meanwhile: nothing to derive
  const next = statusFromPolicies(account.status, await countActivePolicies(tx, tenantId, accountId));
  if (next === account.status) return;
  const event = await applyStatusChange(tx, { tenantId, accountId, from: account.status, to: next, cause: 'policies', actor });
  await writeOutbox(tx, [event]);
}
