import { and, count, desc, eq } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import { history } from '../db/schema';

/** The 360 views show the latest entries, newest first (ACC-9). */
const historyLimit = 200;

const historyColumns = {
  occurredAt: history.occurredAt,
  source: history.source,
  eventType: history.eventType,
  summary: history.summary,
  contactId: history.contactId,
  actor: history.actor,
};

export const historyOfAccount = (db: Executor, tenantId: string, accountId: string) =>
  db
    .select(historyColumns)
    .from(history)
    .where(and(eq(history.tenantId, tenantId), eq(history.accountId, accountId)))
    .orderBy(desc(history.occurredAt), desc(history.seq))
    .limit(historyLimit);

export const historyOfContact = (db: Executor, tenantId: string, contactId: string) =>
  db
    .select(historyColumns)
    .from(history)
    .where(and(eq(history.tenantId, tenantId), eq(history.contactId, contactId)))
    .orderBy(desc(history.occurredAt), desc(history.seq))
    .limit(historyLimit);

/** How many entries a contact's deletion takes with it (ACC-3). */
export async function countContactHistory(db: Executor, contactId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(history).where(eq(history.contactId, contactId));
  return row?.n ?? 0;
}
