import { and, eq, isNull, sql } from 'drizzle-orm';
import { buildEvent, salesRecordConvertedV1, salesRecordUpdatedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { salesRecords } from './schema';

/**
 * The sales record store: writes a user's change to a sales record (with its revision and event)
 * and SR-7's conversion. Records made by a run are written set-based by the run store
 * (sales-run-store.ts, in the page's transaction), and what SR-5 steps change (assignee, stage) by
 * the cohort store (sales-workflow-cohort-store.ts), over a cohort at once.
 */
export type SalesRecordRow = typeof salesRecords.$inferSelect;
export type SalesRecordChange = Partial<
  Omit<SalesRecordRow, 'id' | 'tenantId' | 'individualId' | 'runId' | 'salesRecordTypeId' | 'editedFields' | 'convertedAt' | 'convertedBy' | 'revision' | 'createdBy' | 'createdAt' | 'updatedAt'>
>;

/** Applies a user's change to a record, remembering which fields users changed (SR-7: they win at conversion). */
export async function updateSalesRecord(
  tx: Executor,
  record: SalesRecordRow,
  change: SalesRecordChange,
  actor: string,
): Promise<SalesRecordRow> {
  const [updated] = await tx
    .update(salesRecords)
    .set({
      ...change,
      editedFields: sql`array(select distinct f from unnest(${salesRecords.editedFields} || array[${sql.join(Object.keys(change).map((field) => sql`${field}`), sql`, `)}]::text[]) as f order by f)`,
      revision: sql`${salesRecords.revision} + 1`,
      updatedAt: sql`now()`,
    })
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

/**
 * SR-7: the record is converted (once): false when it already was (a concurrent convert came
 * first; the caller holds the row lock, so that is a repeat). With its event.
 */
export async function markConverted(tx: Executor, record: SalesRecordRow, merged: { individualId: string; mergedFields: string[] }, actor: string): Promise<SalesRecordRow | undefined> {
  const [converted] = await tx
    .update(salesRecords)
    .set({ convertedAt: sql`now()`, convertedBy: actor, revision: sql`${salesRecords.revision} + 1`, updatedAt: sql`now()` })
    .where(and(eq(salesRecords.tenantId, record.tenantId), eq(salesRecords.id, record.id), isNull(salesRecords.convertedAt)))
    .returning();
  if (!converted) return undefined;
  await writeOutbox(tx, [
    buildEvent(salesRecordConvertedV1, {
      tenantId: record.tenantId,
      aggregateId: record.id,
      data: { salesRecordId: record.id, individualId: merged.individualId, mergedFields: merged.mergedFields, convertedBy: actor, convertedAt: converted.convertedAt!.toISOString() },
    }),
  ]);
  return converted;
}
