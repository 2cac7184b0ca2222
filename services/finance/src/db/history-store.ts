import { sqlOf, type Executor } from '@agencyflow/db';
import { financeHistory } from './schema';

/**
 * The history store: the only writer of `finance_history` (FIN-6). Entries are written in the
 * same transaction as the change and its event (their `event_id`), by the finance store; a
 * change that applies to many programs records one entry per program in one statement.
 * `before` and `after` never hold a protected value: callers pass masked snapshots.
 */

export type HistorySubject = 'program' | 'customer' | 'contact';

export interface HistoryEntry {
  subjectType: HistorySubject;
  subjectId: string;
  change: string;
  summary: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface HistoryContext {
  tenantId: string;
  eventId: string;
  actor: string;
}

export async function recordHistory(tx: Executor, context: HistoryContext, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(financeHistory).values(
    entries.map((entry) => ({ ...context, ...entry, before: entry.before ?? null, after: entry.after ?? null })),
  );
}

/** Which programs a set-based entry is for: those of a customer, or those a contact is on. */
export type ProgramsOf = { customerId: string } | { contactId: string };

/**
 * One entry per program connected to a customer or a contact, in one statement (FIN-2..FIN-5:
 * a change that applies to thousands of programs). Answers how many programs that was.
 */
export async function recordHistoryOfPrograms(tx: Executor, context: HistoryContext, programsOf: ProgramsOf, entry: Omit<HistoryEntry, 'subjectType' | 'subjectId'>): Promise<number> {
  const sql = sqlOf(tx);
  const programs =
    'customerId' in programsOf
      ? sql`select p.id from finance_programs p where p.tenant_id = ${context.tenantId} and p.customer_id = ${programsOf.customerId}`
      : sql`select distinct pc.program_id as id from finance_program_contacts pc where pc.tenant_id = ${context.tenantId} and pc.contact_id = ${programsOf.contactId}`;
  const rows = await sql<{ n: number }[]>`
    with inserted as (
      insert into finance_history (tenant_id, event_id, subject_type, subject_id, change, summary, before, after, actor)
      select ${context.tenantId}, ${context.eventId}, 'program', programs.id, ${entry.change}, ${entry.summary},
        ${entry.before ? JSON.stringify(entry.before) : null}::text::jsonb, ${entry.after ? JSON.stringify(entry.after) : null}::text::jsonb, ${context.actor}
      from (${programs}) programs
      returning 1
    )
    select count(*)::int as n from inserted`;
  return rows[0]?.n ?? 0;
}
