import type { Tx } from './tx';
import { sqlOf } from '@agencyflow/db';

/** The record of carrier-feed imports (PS-2): who imported what, when, with which outcome. */

export interface Rejection {
  row: number;
  reason: string;
}

export interface ImportSummary {
  importId: string;
  rows: { total: number; valid: number; rejected: number };
  policies: { inserted: number; updated: number; unchanged: number };
  members: { inserted: number; updated: number; unchanged: number };
  rejections: Rejection[];
  /** Rejections beyond the listed ones. */
  rejectionsOmitted: number;
  /** Columns of the file that are not part of the feed format (CSV). */
  ignoredColumns: string[];
}

/** Records a finished import in the import's own transaction: it exists exactly when the import committed. */
export async function recordImport(
  db: Tx,
  importRun: { tenantId: string; importedBy: string; format: 'csv' | 'json'; startedAt: Date },
  summary: ImportSummary,
): Promise<void> {
  const { tenantId, importedBy, format, startedAt } = importRun;
  const importId = summary.importId;
  await sqlOf(db)`
    insert into carrier_feed_imports (
        id, tenant_id, imported_by, format, started_at, rows_total, rows_valid, rows_rejected,
        policies_inserted, policies_updated, policies_unchanged, members_inserted, members_updated, members_unchanged,
        rejections, rejections_omitted, ignored_columns)
      values (
        ${importId}, ${tenantId}, ${importedBy}, ${format}, ${startedAt.toISOString()}::timestamptz,
        ${summary.rows.total}, ${summary.rows.valid}, ${summary.rows.rejected},
        ${summary.policies.inserted}, ${summary.policies.updated}, ${summary.policies.unchanged},
        ${summary.members.inserted}, ${summary.members.updated}, ${summary.members.unchanged},
        ${JSON.stringify(summary.rejections)}::text::jsonb, ${summary.rejectionsOmitted}, ${JSON.stringify(summary.ignoredColumns)}::text::jsonb)`;
}
