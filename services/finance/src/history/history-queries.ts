import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import type { HistorySubject } from '../db/history-store';
import { financeHistory } from '../db/schema';

/** The latest entries shown, newest first. */
export const HISTORY_LIMIT = 200;

/** FIN-6 the history of a program, a customer or a contact, newest first. */
export function historyOf(db: Executor, tenantId: string, subjectType: HistorySubject, subjectId: string) {
  return db
    .select({
      occurredAt: financeHistory.occurredAt,
      change: financeHistory.change,
      summary: financeHistory.summary,
      actor: financeHistory.actor,
      before: financeHistory.before,
      after: financeHistory.after,
      eventId: financeHistory.eventId,
    })
    .from(financeHistory)
    .where(and(eq(financeHistory.tenantId, tenantId), eq(financeHistory.subjectType, subjectType), eq(financeHistory.subjectId, subjectId)))
    .orderBy(desc(financeHistory.seq))
    .limit(HISTORY_LIMIT);
}
