import type { Database, Executor } from '@agencyflow/db';
import { lockTenantGroups, seedTenantGroups } from '../db/security-group-store';

/** Outcomes a route answers with a 4xx (no such group or member, a refusal, a name taken). */
const refusals = new Set(['not-found', 'refused', 'conflict']);
const isRefusal = (result: unknown): boolean =>
  typeof result === 'object' && result !== null && refusals.has(String((result as { outcome?: unknown }).outcome));

/** Carries a refused result out of the transaction it rolled back. */
class Refused<R> extends Error {
  constructor(readonly result: R) {
    super('refused: rolled back');
  }
}

/**
 * Runs `work` in one transaction over the tenant's security groups: their lock held (changes to
 * one tenant's groups go one at a time) and the default groups seeded the first time.
 * `database` is scoped to the tenant (forTenants). A refused request writes nothing, not
 * even the defaults seeded for it: when `refused(result)`, the transaction is rolled back and the
 * result returned; the next request that succeeds seeds them.
 */
export async function withTenantGroups<R>(
  database: Database,
  tenantId: string,
  actor: string,
  work: (tx: Executor) => Promise<R>,
  refused: (result: R) => boolean = isRefusal,
): Promise<R> {
  try {
    return await database.db.transaction(async (tx) => {
      await lockTenantGroups(tx, tenantId);
      await seedTenantGroups(tx, tenantId, actor);
      const result = await work(tx);
      if (refused(result)) throw new Refused(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Refused) return error.result as R;
    throw error;
  }
}
