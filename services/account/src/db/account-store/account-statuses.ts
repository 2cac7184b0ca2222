import { accountStatusChangedV2, accountStatuses, buildEvent, type AccountStatus, type EventData } from '@agencyflow/contracts';
import { ruleCase, sqlOf, writeOutbox, type Executor } from '@agencyflow/db';
import { statusFromPolicies } from '../../domain/account-status';
import { lockAccountKeys } from './account-keys';

/** The status to give: one a user or the AMS chose, or the one the account's policies imply (ACC-6). */
export type StatusTarget = { status: AccountStatus } | 'from-policies';

export interface AccountStatusChange {
  accountId: string;
  name: string;
  previous: AccountStatus;
  status: AccountStatus;
  /** How many contacts' status followed (ACC-8). */
  contactCount: number;
}

/** Who changed the statuses and why, for the account-status-changed events of interactive changes. */
export interface StatusAnnouncement {
  cause: EventData<typeof accountStatusChangedV2>['cause'];
  actor: string;
}

// ACC-6 written once in the domain, applied set-based to the locked rows below (see ruleCase).
const statusFromPoliciesSql = ruleCase<{ current: AccountStatus; hasActive: boolean }>(
  { current: { sql: 'l.status', values: accountStatuses }, hasActive: { sql: 'l.has_active', values: [true, false] } },
  (i) => statusFromPolicies(i.current, i.hasActive ? 1 : 0),
);

/**
 * Sets the status of a set of accounts of a tenant and cascades every change to the accounts'
 * contacts (ACC-8), in the caller's transaction: the one writer of account statuses, for a user's
 * change (a set of one), a policy event (ACC-6/ACC-7) and a policy-sync page alike. The accounts
 * are locked in id order (no deadlock between two writers of overlapping sets); an account whose
 * status does not change is not written. Interactive changes `announce` one account-status-changed
 * per changed account, in the order of `accountIds`; bulk work leaves that out and publishes its
 * own coarse event (ARCHITECTURE "Bulk work emits coarse events").
 */
export async function setAccountStatuses(
  tx: Executor,
  change: {
    tenantId: string;
    accountIds: readonly string[];
    to: StatusTarget;
    announce?: StatusAnnouncement;
  },
): Promise<AccountStatusChange[]> {
  if (change.accountIds.length === 0) return [];
  await lockAccountKeys(tx, change.accountIds);
  const sql = sqlOf(tx);
  const { tenantId } = change;
  const next = change.to === 'from-policies' ? sql.unsafe(statusFromPoliciesSql) : sql`${change.to.status}::text`;
  const changed = await sql<Omit<AccountStatusChange, 'contactCount'>[]>`
    with target as (
      select distinct unnest(${[...change.accountIds]}::uuid[]) as id
    ), locked as (
      select a.id, a.status,
        exists (select 1 from policy_summaries s
                where s.tenant_id = ${tenantId} and s.account_id = a.id and s.status = 'active' and not s.deleted) as has_active
      from accounts a join target p on p.id = a.id
      where a.tenant_id = ${tenantId}
      order by a.id
      for update of a
    ), next as (
      select l.id, l.status as previous, ${next} as status from locked l
    )
    update accounts a set status = n.status, updated_at = now()
    from next n
    where a.id = n.id and n.status <> n.previous
    returning a.id as "accountId", a.name, n.previous, a.status`;
  if (changed.length === 0) return [];
  const cascaded = await sql<{ account_id: string; n: number }[]>`
    with touched as (
      update contacts c set status = a.status, updated_at = now()
      from accounts a
      where a.tenant_id = ${tenantId} and a.id = any(${changed.map((c) => c.accountId)}::uuid[])
        and c.account_id = a.id and c.status <> a.status
      returning c.account_id
    )
    select account_id, count(*)::int as n from touched group by account_id`;
  const contactsOf = new Map(cascaded.map((c) => [c.account_id, c.n]));
  const order = new Map(change.accountIds.map((id, i) => [id, i]));
  const changes = changed
    .map((c) => ({ ...c, contactCount: contactsOf.get(c.accountId) ?? 0 }))
    .sort((a, b) => order.get(a.accountId)! - order.get(b.accountId)!);
  if (change.announce) await writeOutbox(tx, changes.map((c) => statusChangedEvent(tenantId, c, change.announce!)));
  return changes;
}

function statusChangedEvent(tenantId: string, change: AccountStatusChange, { cause, actor }: StatusAnnouncement) {
  return buildEvent(accountStatusChangedV2, {
    tenantId,
    aggregateId: change.accountId,
    data: {
      accountId: change.accountId,
      status: change.status,
      previousStatus: change.previous,
      cause,
      contactCount: change.contactCount,
      changedBy: actor,
    },
  });
}
