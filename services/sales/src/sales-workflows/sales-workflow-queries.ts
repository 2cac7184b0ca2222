import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@agencyflow/db';
import type { SalesWorkflowRow } from '../db/sales-workflow-store';
import { salesRecordTypes, salesWorkflows } from '../db/schema';

/** The tenant's sales workflows, by name without case. */
export const workflowsOf = (db: Executor, tenantId: string) =>
  db.select().from(salesWorkflows).where(eq(salesWorkflows.tenantId, tenantId)).orderBy(asc(sql`lower(${salesWorkflows.name})`), asc(salesWorkflows.id));

/** A workflow of this tenant, or undefined (another tenant's answers like a missing one). */
export async function findWorkflow(db: Executor, tenantId: string, id: string): Promise<SalesWorkflowRow | undefined> {
  const [workflow] = await db.select().from(salesWorkflows).where(and(eq(salesWorkflows.tenantId, tenantId), eq(salesWorkflows.id, id)));
  return workflow;
}

/** Whether another workflow of the tenant has this name (without case). */
export const workflowNameInUse = (db: Executor, tenantId: string, name: string, except: string) =>
  db
    .select({ id: salesWorkflows.id })
    .from(salesWorkflows)
    .where(and(eq(salesWorkflows.tenantId, tenantId), eq(sql`lower(${salesWorkflows.name})`, name.toLowerCase()), sql`${salesWorkflows.id} <> ${except}`))
    .then((rows) => rows.length > 0);

/** Whether a sales record type names the workflow (it cannot be deleted then). */
export const workflowInUse = (db: Executor, tenantId: string, id: string) =>
  db
    .select({ id: salesRecordTypes.id })
    .from(salesRecordTypes)
    .where(and(eq(salesRecordTypes.tenantId, tenantId), eq(salesRecordTypes.salesWorkflowId, id)))
    .limit(1)
    .then((rows) => rows.length > 0);
