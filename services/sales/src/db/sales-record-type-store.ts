import { and, eq, sql } from 'drizzle-orm';
import { buildEvent, salesRecordTypeChangedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import { salesRecordTypes } from './schema';

/**
 * The sales record type store: the only writer of `sales_record_types`. A name is unique in the
 * tenant without case (the unique index decides); every change bumps the revision and publishes
 * the type's state after it.
 */
export type SalesRecordTypeRow = typeof salesRecordTypes.$inferSelect;

async function announce(tx: Executor, type: SalesRecordTypeRow, change: 'created' | 'updated' | 'deleted', actor: string): Promise<void> {
  await writeOutbox(tx, [
    buildEvent(salesRecordTypeChangedV1, {
      tenantId: type.tenantId,
      aggregateId: type.id,
      data: {
        salesRecordTypeId: type.id,
        change,
        name: type.name,
        active: type.active,
        salesWorkflowId: type.salesWorkflowId,
        revision: change === 'deleted' ? type.revision + 1 : type.revision,
        changedBy: actor,
      },
    }),
  ]);
}

/** A new type; undefined when the tenant has one of that name. */
export async function insertSalesRecordType(
  tx: Executor,
  type: { tenantId: string; name: string; active: boolean; salesWorkflowId: string | null; createdBy: string },
): Promise<SalesRecordTypeRow | undefined> {
  const [created] = await tx.insert(salesRecordTypes).values(type).onConflictDoNothing().returning();
  if (created) await announce(tx, created, 'created', type.createdBy);
  return created;
}

/** Changes a type; a name another of the tenant's has fails on the unique index. */
export async function updateSalesRecordType(
  tx: Executor,
  id: string,
  change: Partial<Pick<SalesRecordTypeRow, 'name' | 'active' | 'salesWorkflowId'>>,
  actor: string,
): Promise<SalesRecordTypeRow> {
  const [updated] = await tx
    .update(salesRecordTypes)
    .set({ ...change, revision: sql`${salesRecordTypes.revision} + 1`, updatedAt: sql`now()` })
    .where(eq(salesRecordTypes.id, id))
    .returning();
  await announce(tx, updated!, 'updated', actor);
  return updated!;
}

export async function deleteSalesRecordType(tx: Executor, type: SalesRecordTypeRow, actor: string): Promise<void> {
  await tx.delete(salesRecordTypes).where(and(eq(salesRecordTypes.tenantId, type.tenantId), eq(salesRecordTypes.id, type.id)));
  await announce(tx, type, 'deleted', actor);
}
