/**
 * Carrier feed imports as jobs (PS-2, decision 0033): the import workflow's input, progress and
 * names. Zod-free: imported by workflow code. Only ids and counters cross Temporal: the rows are
 * staged (encrypted) in the policy service's database at upload and written from there page by page.
 */
export interface CarrierFeedImportTotals {
  pages: number;
  /** Rows with an outcome so far (including the ones rejected at upload). */
  rowsDone: number;
  rowsRejected: number;
}

export interface ImportCarrierFeedInput {
  tenantId: string;
  importId: string;
  /** Rows of the file (known at upload). */
  rows: number;
  /** Rows per page (tests use small pages). */
  pageSize?: number;
  /** Set by the workflow itself when it continues as new. */
  resume?: CarrierFeedImportTotals;
}

export interface CarrierFeedImportProgress {
  importId: string;
  rows: number;
  totals: CarrierFeedImportTotals;
  state: 'queued' | 'importing' | 'completed';
}

export const importCarrierFeedWorkflowName = 'importCarrierFeedWorkflow';
export const carrierFeedImportProgressQuery = 'progress';

/** One workflow per import: nothing protected in the id (a tenant id and the import's id). */
export const carrierFeedImportWorkflowId = (tenantId: string, importId: string): string => `carrier-feed-import/${tenantId}/${importId}`;
