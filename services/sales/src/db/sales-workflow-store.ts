import { and, eq, sql } from 'drizzle-orm';
import { buildEvent, salesWorkflowChangedV1 } from '@agencyflow/contracts';
import { writeOutbox, type Executor } from '@agencyflow/db';
import type { SalesWorkflowStep } from '../domain/sales-workflow-steps';
import { salesWorkflows } from './schema';

/**
 * The sales workflow store: the only writer of `sales_workflows` (SR-5). A name is unique in the
 * tenant without case (the unique index decides); every change bumps the revision and publishes
 * the workflow's name and step kinds (never its templates).
 */
export type SalesWorkflowRow = typeof salesWorkflows.$inferSelect;

async function announce(tx: Executor, workflow: SalesWorkflowRow, change: 'created' | 'updated' | 'deleted', actor: string): Promise<void> {
  await writeOutbox(tx, [
    buildEvent(salesWorkflowChangedV1, {
      tenantId: workflow.tenantId,
      aggregateId: workflow.id,
      data: {
        salesWorkflowId: workflow.id,
        change,
        name: workflow.name,
        stepKinds: workflow.steps.map((s) => s.kind),
        revision: change === 'deleted' ? workflow.revision + 1 : workflow.revision,
        changedBy: actor,
      },
    }),
  ]);
}

/** A new workflow; undefined when the tenant has one of that name. */
export async function insertSalesWorkflow(
  tx: Executor,
  workflow: { tenantId: string; name: string; steps: SalesWorkflowStep[]; createdBy: string },
): Promise<SalesWorkflowRow | undefined> {
  const [created] = await tx.insert(salesWorkflows).values(workflow).onConflictDoNothing().returning();
  if (created) await announce(tx, created, 'created', workflow.createdBy);
  return created;
}

/** Renames a workflow or replaces its steps (cohorts under way keep the steps they began with). */
export async function updateSalesWorkflow(tx: Executor, id: string, change: Partial<Pick<SalesWorkflowRow, 'name' | 'steps'>>, actor: string): Promise<SalesWorkflowRow> {
  const [updated] = await tx
    .update(salesWorkflows)
    .set({ ...change, revision: sql`${salesWorkflows.revision} + 1`, updatedAt: sql`now()` })
    .where(eq(salesWorkflows.id, id))
    .returning();
  await announce(tx, updated!, 'updated', actor);
  return updated!;
}

export async function deleteSalesWorkflow(tx: Executor, workflow: SalesWorkflowRow, actor: string): Promise<void> {
  await tx.delete(salesWorkflows).where(and(eq(salesWorkflows.tenantId, workflow.tenantId), eq(salesWorkflows.id, workflow.id)));
  await announce(tx, workflow, 'deleted', actor);
}
