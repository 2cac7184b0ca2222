import type { SalesRecordRunTotals } from '../workflows/sales-records';

export interface SalesRecordPageInput {
  tenantId: string;
  runId: string;
  /** The snapshot's individuals with id > after (null: from the start), `limit` of them. */
  after: string | null;
  limit: number;
  /**
   * The page's last individual (inclusive), from the run's page plan: pages with both bounds are
   * independent and run side by side. Absent (runs started before the plan): `limit` after `after`.
   */
  through?: string;
  /** The page's number in the run, for its coarse event. */
  page: number;
}

/** The next pages of a run's snapshot, as the last individual id of each (keys, never rows). */
export interface SalesRecordRunPagePlanInput {
  tenantId: string;
  runId: string;
  /** Plan after this individual id (null: from the start). */
  after: string | null;
  pageSize: number;
  /** At most this many pages. */
  pages: number;
}

/** Counts of one page and where it ended: no row crosses Temporal. */
export interface SalesRecordPageResult {
  processed: number;
  created: number;
  skipped: number;
  failed: number;
  /** The page's last individual id; null for an empty page (the run is done). */
  through: string | null;
}

/** Sales-record run activities of the sales service (task queue `sales-activities`). */
export interface SalesRecordRunActivities {
  /**
   * SR-3/SR-4: one page of the run's snapshot becomes sales records, set-based in one transaction:
   * the individuals' fields are pulled from the account service (ciphertext as it is), inserted
   * with ON CONFLICT on the (tenant, individual) link, and each individual's outcome recorded.
   * Idempotent: a retried page decides nothing twice and counts nothing twice.
   */
  createSalesRecordsPage(input: SalesRecordPageInput): Promise<SalesRecordPageResult>;
  /**
   * The bounds of the next pages: each page's last individual id, every pageSize-th of the
   * snapshot after `after`, the last one possibly short. Fewer than asked: the snapshot ends there.
   */
  planSalesRecordRunPages(input: SalesRecordRunPagePlanInput): Promise<{ throughs: string[] }>;
  /** SR-6: the run is completed (its counters are the snapshot's outcomes); idempotent. */
  completeSalesRecordRun(input: { tenantId: string; runId: string; totals: SalesRecordRunTotals }): Promise<void>;
}
