/**
 * Mass sales-record creation (SR-2, SR-3, SR-6): the run workflow's input, progress and names.
 * Zod-free: imported by workflow code. Only ids, a cursor and counters cross Temporal: the
 * individuals of a run are a snapshot table of the sales service, and their fields move from the
 * account service to the sales service inside the page activity (docs/decisions/0027).
 */
export interface SalesRecordRunTotals {
  pages: number;
  /** Individuals of the snapshot the run has decided (created + skipped + failed). */
  processed: number;
  created: number;
  /** SR-3: the individual already had a linked sales record. */
  skipped: number;
  failed: number;
}

/** What a run carries across continue-as-new. */
export interface SalesRecordRunCursor {
  /** The last individual id of the last page decided (the snapshot is paged by individual id). */
  after: string | null;
  totals: SalesRecordRunTotals;
}

export interface CreateSalesRecordsInput {
  tenantId: string;
  runId: string;
  /** How many individuals the run was confirmed for (its snapshot). */
  matched: number;
  /** Individuals per page (tests use small pages). */
  pageSize?: number;
  /** Set by the workflow itself when it continues as new. */
  resume?: SalesRecordRunCursor;
}

export interface SalesRecordRunProgress {
  runId: string;
  matched: number;
  totals: SalesRecordRunTotals;
  done: boolean;
}

export interface SalesRecordRunResult {
  runId: string;
  matched: number;
  totals: SalesRecordRunTotals;
}

export const createSalesRecordsWorkflowName = 'createSalesRecordsWorkflow';
export const salesRecordRunProgressQuery = 'progress';

/** One workflow per run: the run id is derived from the confirm's Idempotency-Key, so a repeated confirm finds the same workflow. */
export const salesRecordRunWorkflowId = (tenantId: string, runId: string): string => `sales-record-run/${tenantId}/${runId}`;

export const emptySalesRecordRunTotals = (): SalesRecordRunTotals => ({ pages: 0, processed: 0, created: 0, skipped: 0, failed: 0 });
