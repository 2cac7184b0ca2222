import { and, count, eq, sql } from 'drizzle-orm';
import { accountStatusChangedV1, buildEvent, type AccountStatus, type OutgoingEvent } from '@agencyflow/contracts';
import { accounts, contacts, policySummaries } from '../db/schema';
import type { Executor } from '../db/executor';

/** Active, not deleted policies of an account, from the policy read model. */
export async function countActivePolicies(tx: Executor, tenantId: string, accountId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(policySummaries)
    .where(
      and(
        eq(policySummaries.tenantId, tenantId),
        eq(policySummaries.accountId, accountId),
        eq(policySummaries.deleted, false),
        eq(policySummaries.status, 'active'),
      ),
    );
  return row?.n ?? 0;
}

export interface StatusChange {
  tenantId: string;
  accountId: string;
  from: AccountStatus;
  to: AccountStatus;
  cause: 'policies' | 'user' | 'ams';
  actor: string;
}

/**
 * Sets an account's status and cascades it to every contact of the account in the same
 * transaction (ACC-8); returns the event to write to the outbox.
 */
export async function applyStatusChange(tx: Executor, change: StatusChange): Promise<OutgoingEvent> {
  await tx
    .update(accounts)
    .set({ status: change.to, updatedAt: sql`now()` })
    .where(and(eq(accounts.tenantId, change.tenantId), eq(accounts.id, change.accountId)));
  const cascaded = await tx
    .update(contacts)
    .set({ status: change.to, updatedAt: sql`now()` })
    .where(eq(contacts.accountId, change.accountId))
    .returning({ id: contacts.id });
  return buildEvent(accountStatusChangedV1, {
    tenantId: change.tenantId,
    aggregateId: change.accountId,
    data: {
      accountId: change.accountId,
      status: change.to,
      previousStatus: change.from,
      cause: change.cause,
      contactIds: cascaded.map((c) => c.id),
      changedBy: change.actor,
    },
  });
}
