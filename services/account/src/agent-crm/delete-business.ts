import type { Outcome } from '@agencyflow/contracts';
import type { Database } from '@agencyflow/db';
import { deleteTenantAccounts } from '../db/account-store';
import { deleteBusiness as removeBusiness, lockBusiness } from '../db/business-store';
import { deleteTenantHistory } from '../db/history-store';
import { deleteTenantPolicySummaries } from '../db/policy-summary-store';

/**
 * Compensation of a provisioning that failed before the business was usable: removes the
 * business, its users and runs, and everything synced into its tenant (accounts cascade to
 * contacts, deal cards and files). Idempotent: the tenant's data goes even when the business
 * is gone already ('not-found').
 */
export async function deleteBusiness(database: Database, businessId: string): Promise<Outcome<'deleted' | 'not-found'>> {
  return database.db.transaction(async (tx) => {
    const business = await lockBusiness(tx, businessId);
    await deleteTenantHistory(tx, businessId);
    await deleteTenantPolicySummaries(tx, businessId);
    await deleteTenantAccounts(tx, businessId);
    if (!business) return { outcome: 'not-found' };
    await removeBusiness(tx, business, 'compensation');
    return { outcome: 'deleted' };
  });
}
