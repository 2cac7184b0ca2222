import type { CarrierFeedImportTotals } from '../workflows/carrier-feed-imports';

export interface CarrierFeedPageInput {
  tenantId: string;
  importId: string;
  /** Rows per page. */
  limit: number;
}

/**
 * What writing the next page did. `waiting`: an earlier import of the tenant is still being
 * written (a tenant's imports are written one at a time, in the order they arrived), nothing
 * happened; `done`: no staged row is left.
 */
export type CarrierFeedPageResult =
  | { outcome: 'waiting'; behindImportId: string }
  | { outcome: 'done'; totals: CarrierFeedImportTotals }
  | { outcome: 'written'; totals: CarrierFeedImportTotals; rows: { inserted: number; updated: number; unchanged: number; rejected: number } };

/** Carrier feed import activities of the policy service (task queue `policy-activities`). */
export interface CarrierFeedImportActivities {
  /**
   * PS-2: the next page of the import's staged rows is validated and upserted, set-based, in one
   * transaction that also records each row's outcome and moves the import's cursor: a retried
   * page finds the cursor moved and writes the next one (or nothing), never the same one twice.
   */
  writeCarrierFeedPage(input: CarrierFeedPageInput): Promise<CarrierFeedPageResult>;
  /** The import is completed: final policy counts recorded, its scratch dropped; idempotent. */
  completeCarrierFeedImport(input: { tenantId: string; importId: string }): Promise<CarrierFeedImportTotals>;
}
