import { sqlOf, type Executor } from '@agencyflow/db';

/**
 * Serializes everything that decides or follows an account's status (ACC-6, ACC-8) on the
 * account's id, even before its row exists: the status writer, the consumer of policy events and
 * a policy-sync page each take these keys first. Without them, a sync page opening an account and
 * the consumer storing an active policy of it could each miss the other's uncommitted write (the
 * account born `prospect` with an active policy), and a contact added by a page could miss a
 * cascade. Keys are taken in id order, so two writers of overlapping sets never deadlock; they are
 * released when the transaction ends.
 */
export async function lockAccountKeys(tx: Executor, accountIds: readonly (string | null | undefined)[]): Promise<void> {
  const ids = [...new Set(accountIds.filter((id): id is string => Boolean(id)))].sort();
  if (ids.length === 0) return;
  await sqlOf(tx)`
    select count(pg_advisory_xact_lock(hashtextextended('account:' || k.id, 0)))
    from (select unnest(${ids}::text[]) as id order by 1) k`;
}
