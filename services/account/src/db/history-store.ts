import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { sqlOf, type Executor } from '@agencyflow/db';
import { history } from './schema';

/**
 * The history store: the only writer of `history`, the ACC-9 read model of every change of an
 * account and its contacts, from any service. Entries are built from events (one per event id,
 * so a redelivery adds nothing) or, for bulk work, from the same facts a page wrote.
 */

export type HistoryEntry = Omit<typeof history.$inferInsert, 'seq'>;

/** One entry for one event; the event id is unique, so the same event twice records once. */
export async function recordHistoryEntry(tx: Executor, entry: HistoryEntry): Promise<void> {
  await tx.insert(history).values(entry).onConflictDoNothing();
}

/** A line of bulk work (a policy-sync page), worded like the event it stands for. */
export interface HistoryLine {
  accountId: string;
  contactId: string | null;
  source: string;
  type: string;
  summary: string;
}

/**
 * Many lines in one statement, in the given order (each a microsecond after the one before, so
 * "newest first" keeps it). A line's contact is kept only if that contact exists in the line's
 * account (a policyholder may live in another account).
 */
export async function insertHistoryLines(tx: Executor, tenantId: string, lines: readonly HistoryLine[], actor: string): Promise<void> {
  if (lines.length === 0) return;
  await sqlOf(tx)`
    insert into history (event_id, tenant_id, account_id, contact_id, occurred_at, source, event_type, summary, actor)
    select u.event_id, ${tenantId}, u.account_id,
      (select c.id from contacts c where c.id = u.contact_id and c.account_id = u.account_id),
      now() + u.n * interval '1 microsecond', u.source, u.event_type, u.summary, ${actor}
    from unnest(
      ${lines.map(() => randomUUID())}::uuid[], ${lines.map((l) => l.accountId)}::uuid[], ${lines.map((l) => l.contactId)}::text[]::uuid[],
      ${lines.map((l) => l.source)}::text[], ${lines.map((l) => l.type)}::text[], ${lines.map((l) => l.summary)}::text[]
    ) with ordinality as u(event_id, account_id, contact_id, source, event_type, summary, n)`;
}

/** ACC-3: a deleted contact's history goes with it. */
export async function deleteContactHistory(tx: Executor, tenantId: string, contactId: string): Promise<void> {
  await tx.delete(history).where(and(eq(history.tenantId, tenantId), eq(history.contactId, contactId)));
}

/** ACC-5: a deleted account's history goes with it. */
export async function deleteAccountHistory(tx: Executor, tenantId: string, accountId: string): Promise<void> {
  await tx.delete(history).where(and(eq(history.tenantId, tenantId), eq(history.accountId, accountId)));
}

/** The whole tenant's history: the compensation of an Agent CRM provisioning. */
export async function deleteTenantHistory(tx: Executor, tenantId: string): Promise<void> {
  await tx.delete(history).where(eq(history.tenantId, tenantId));
}
