import { and, eq } from 'drizzle-orm';
import { writeOutbox, type Database } from '@agencyflow/db';
import { policies } from '../db/schema';
import { policyDeletedEvent } from './policy-events';

/** A user deletes a policy (and its members); policy-deleted 'user' in the same transaction. */
export async function deletePolicy(
  database: Database,
  command: { tenantId: string; policyId: string; deletedBy: string },
): Promise<{ ok: boolean }> {
  return database.db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(policies)
      .where(and(eq(policies.tenantId, command.tenantId), eq(policies.id, command.policyId)))
      .returning();
    if (!deleted) return { ok: false };
    await writeOutbox(tx, [policyDeletedEvent(deleted, { reason: 'user', deletedBy: command.deletedBy })]);
    return { ok: true };
  });
}
