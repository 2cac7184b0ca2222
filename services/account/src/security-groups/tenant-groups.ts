import type { Database, Executor } from '@agencyflow/db';
import { lockTenantGroups, seedTenantGroups } from '../db/security-group-store';

/**
 * Runs `work` in one transaction over the tenant's security groups: their lock held (changes to
 * one tenant's groups go one at a time) and the default groups seeded the first time.
 * `database` is scoped to the tenant (forTenants).
 */
export function withTenantGroups<R>(database: Database, tenantId: string, actor: string, work: (tx: Executor) => Promise<R>): Promise<R> {
  return database.db.transaction(async (tx) => {
    await lockTenantGroups(tx, tenantId);
    await seedTenantGroups(tx, tenantId, actor);
    return work(tx);
  });
}
