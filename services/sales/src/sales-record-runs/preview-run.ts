import { eq, and } from 'drizzle-orm';
import type { Outcome } from '@agencyflow/contracts';
import type { Database, Executor } from '@agencyflow/db';
import { countMatchedIndividuals, loadMatchedIndividuals } from '../db/sales-run-store';
import type { SalesRecordTypeRow } from '../db/sales-record-type-store';
import { salesRecordTypes } from '../db/schema';
import type { IndividualSource, RunTarget } from './account-individuals';

export interface RunCounts {
  matched: number;
  alreadyLinked: number;
  toCreate: number;
}

export type TypeRefusal = Outcome<'not-found'> | Outcome<'refused', { reason: string }>;

/** The type a run would make records of: the tenant's, and active. */
export async function usableType(tx: Executor, tenantId: string, id: string): Promise<TypeRefusal | Outcome<'usable', { type: SalesRecordTypeRow }>> {
  const [type] = await tx.select().from(salesRecordTypes).where(and(eq(salesRecordTypes.tenantId, tenantId), eq(salesRecordTypes.id, id)));
  if (!type) return { outcome: 'not-found' };
  if (!type.active) return { outcome: 'refused', reason: `The sales record type "${type.name}" is inactive: no records are made of it.` };
  return { outcome: 'usable', type };
}

/**
 * SR-2 preview: how many individuals the target matches now, and how many of them already have a
 * linked sales record (SR-3: they will be skipped). The ids stream from the account service into
 * a temporary table and are counted against the links in one statement; nothing is kept.
 */
export async function previewRun(
  { database, individuals }: { database: Database; individuals: IndividualSource },
  { tenantId, target, salesRecordTypeId }: { tenantId: string; target: RunTarget; salesRecordTypeId: string },
): Promise<TypeRefusal | Outcome<'previewed', { counts: RunCounts }>> {
  const type = await database.db.transaction((tx) => usableType(tx, tenantId, salesRecordTypeId));
  if (type.outcome !== 'usable') return type;
  const { ids } = await individuals.matches(tenantId, target);
  return database.db.transaction(async (tx) => {
    await loadMatchedIndividuals(tx, ids);
    const counts = await countMatchedIndividuals(tx, tenantId);
    return { outcome: 'previewed', counts: { ...counts, toCreate: counts.matched - counts.alreadyLinked } };
  });
}
