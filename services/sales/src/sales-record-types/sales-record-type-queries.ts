import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import type { SalesRecordTypeRow } from '../db/sales-record-type-store';
import { salesRecordRuns, salesRecords, salesRecordTypes } from '../db/schema';

/** The tenant's types, by name without case (the order of their unique index). */
export const typesOf = (db: Executor, tenantId: string) =>
  db.select().from(salesRecordTypes).where(eq(salesRecordTypes.tenantId, tenantId)).orderBy(asc(sql`lower(${salesRecordTypes.name})`), asc(salesRecordTypes.id));

/** A type of this tenant, or undefined (another tenant's answers like a missing one). */
export async function findType(db: Executor, tenantId: string, id: string): Promise<SalesRecordTypeRow | undefined> {
  const [type] = await db.select().from(salesRecordTypes).where(and(eq(salesRecordTypes.tenantId, tenantId), eq(salesRecordTypes.id, id)));
  return type;
}

/** Whether another type of the tenant has this name (without case). */
export const nameInUse = (db: Executor, tenantId: string, name: string, except: string) =>
  db
    .select({ id: salesRecordTypes.id })
    .from(salesRecordTypes)
    .where(and(eq(salesRecordTypes.tenantId, tenantId), eq(sql`lower(${salesRecordTypes.name})`, name.toLowerCase()), sql`${salesRecordTypes.id} <> ${except}`))
    .then((rows) => rows.length > 0);

/** Whether records or runs use the type (it can then only be made inactive). */
export async function typeInUse(db: Executor, tenantId: string, id: string): Promise<boolean> {
  const [used] = await db
    .select({ one: sql`1` })
    .from(salesRecords)
    .where(and(eq(salesRecords.tenantId, tenantId), eq(salesRecords.salesRecordTypeId, id)))
    .limit(1)
    .union(db.select({ one: sql`1` }).from(salesRecordRuns).where(and(eq(salesRecordRuns.tenantId, tenantId), eq(salesRecordRuns.salesRecordTypeId, id))).limit(1));
  return used !== undefined;
}
