import { and, eq, sql } from 'drizzle-orm';
import { buildEvent, salesRecordUpdatedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { salesRecords } from './schema';

/**
 * The sales record store: the only writer of `sales_records`. Records made by a run are written
 * set-based by the run store (sales-run-store.ts, in the page's transaction); a user's change is
 * written here, with its revision and event.
 */
export type SalesRecordRow = typeof salesRecords.$inferSelect;
export type SalesRecordChange = Partial<Omit<SalesRecordRow, 'id' | 'tenantId' | 'individualId' | 'runId' | 'salesRecordTypeId' | 'revision' | 'createdBy' | 'createdAt' | 'updatedAt'>>;

/** Applies a change to a record; undefined when the expected revision is not the record's. */
export async function updateSalesRecord(
  tx: Executor,
  record: SalesRecordRow,
  change: SalesRecordChange,
  actor: string,
): Promise<SalesRecordRow> {
  const [updated] = await tx
    .update(salesRecords)
    .set({ ...change, revision: sql`${salesRecords.revision} + 1`, updatedAt: sql`now()` })
    .where(and(eq(salesRecords.tenantId, record.tenantId), eq(salesRecords.id, record.id)))
    .returning();
  await writeOutbox(tx, [
    buildEvent(salesRecordUpdatedV1, {
      tenantId: record.tenantId,
      aggregateId: record.id,
      data: { salesRecordId: record.id, individualId: record.individualId, changedFields: Object.keys(change), revision: updated!.revision, updatedBy: actor },
    }),
  ]);
  return updated!;
}
