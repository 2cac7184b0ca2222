import { eq, sql } from 'drizzle-orm';
import type { PolicyStatus } from '@agencyflow/contracts';
import { writeOutbox } from '@agencyflow/db';
import { policies } from '../db/schema';
import type { Tx } from '../db/tx';
import { memberContactIdsOf } from './policy-members';
import { policyChangedEvent } from './policy-events';

type PolicyColumns = Partial<typeof policies.$inferInsert>;
type Change = Parameters<typeof policyChangedEvent>[1]['change'];

/**
 * Writes one change of a policy as its next revision and publishes `policy-changed` with it,
 * in the caller's transaction. Every single-policy change goes through here.
 */
export async function savePolicyRevision(
  tx: Tx,
  current: { id: string; status: PolicyStatus },
  columns: PolicyColumns,
  event: { change: Change; changedBy: string },
) {
  const [updated] = await tx
    .update(policies)
    .set({ ...columns, revision: sql`${policies.revision} + 1`, updatedBy: event.changedBy, updatedAt: new Date() })
    .where(eq(policies.id, current.id))
    .returning();
  const memberContactIds = await memberContactIdsOf(tx, [current.id]);
  await writeOutbox(tx, [
    policyChangedEvent(updated!, {
      change: event.change,
      previousStatus: current.status,
      memberContactIds: memberContactIds.get(current.id) ?? [],
      changedBy: event.changedBy,
    }),
  ]);
  return updated!;
}
