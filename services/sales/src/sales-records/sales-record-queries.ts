import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import type { SalesRecordRow } from '../db/sales-record-store';
import { salesRecords } from '../db/schema';

/** A sales record of this tenant, or undefined (another tenant's answers like a missing one). */
export async function findRecord(db: Executor, tenantId: string, id: string): Promise<SalesRecordRow | undefined> {
  const [row] = await db.select().from(salesRecords).where(and(eq(salesRecords.tenantId, tenantId), eq(salesRecords.id, id)));
  return row;
}

/**
 * A page of the tenant's records, newest first, after the keyset (created_at, id) of the previous
 * page's last. The time is kept as PostgreSQL's text (microseconds): a run's page of records shares
 * one created_at, which a JS Date (milliseconds) would blur into skipped rows.
 */
export async function recordsPage(db: Executor, tenantId: string, page: { limit: number; before?: { at: string; id: string } }) {
  const rows = await db
    .select({ record: salesRecords, at: sql<string>`${salesRecords.createdAt}::text` })
    .from(salesRecords)
    .where(
      and(
        eq(salesRecords.tenantId, tenantId),
        page.before && sql`(${salesRecords.createdAt}, ${salesRecords.id}) < (${page.before.at}::timestamptz, ${page.before.id}::uuid)`,
      ),
    )
    .orderBy(desc(salesRecords.createdAt), desc(salesRecords.id))
    .limit(page.limit);
  const last = rows.at(-1);
  return { rows: rows.map((r) => r.record), last: last && { at: last.at, id: last.record.id } };
}

/** A sales record of this tenant, locked for the rest of the transaction (SR-7: one convert at a time). */
export async function lockRecord(db: Executor, tenantId: string, id: string): Promise<SalesRecordRow | undefined> {
  const [row] = await db.select().from(salesRecords).where(and(eq(salesRecords.tenantId, tenantId), eq(salesRecords.id, id))).for('update');
  return row;
}
