import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair, type SearchAttributeUpdatePair } from '@temporalio/common';

export type { SearchAttributePair, SearchAttributeUpdatePair };

/**
 * Custom search attributes, registered by infra/temporal.sh (infra/temporal-search-attributes.txt;
 * a deployment registers the same list). Never put protected data in them: they are stored
 * unencrypted. Ids, kinds, phases and counts only.
 */
export const searchAttributeNames = {
  tenantId: 'TenantId',
  businessId: 'BusinessId',
  accountId: 'AccountId',
  runKind: 'RunKind',
  runPhase: 'RunPhase',
  rowsTotal: 'RowsTotal',
  rowsDone: 'RowsDone',
  rowsFailed: 'RowsFailed',
} as const;

/**
 * The same attributes as typed keys (Keyword or Int), so an operator's filter is one line in the
 * Temporal UI: `RunKind = 'policy-sync' AND RunPhase = 'compensating'`, or
 * `RunKind = 'carrier-feed-import' AND TenantId = 'fmo-1' AND StartTime > '2026-12-01T00:00:00Z'`,
 * or `RowsFailed > 0`.
 */
export const searchAttributeKeys = {
  tenantId: defineSearchAttributeKey(searchAttributeNames.tenantId, SearchAttributeType.KEYWORD),
  businessId: defineSearchAttributeKey(searchAttributeNames.businessId, SearchAttributeType.KEYWORD),
  accountId: defineSearchAttributeKey(searchAttributeNames.accountId, SearchAttributeType.KEYWORD),
  runKind: defineSearchAttributeKey(searchAttributeNames.runKind, SearchAttributeType.KEYWORD),
  /** Where a run is now: queued, running, compensating, completed, failed ... (each workflow says which it uses). */
  runPhase: defineSearchAttributeKey(searchAttributeNames.runPhase, SearchAttributeType.KEYWORD),
  /** Rows (policies, individuals, contacts) the run will handle, when known. */
  rowsTotal: defineSearchAttributeKey(searchAttributeNames.rowsTotal, SearchAttributeType.INT),
  rowsDone: defineSearchAttributeKey(searchAttributeNames.rowsDone, SearchAttributeType.INT),
  rowsFailed: defineSearchAttributeKey(searchAttributeNames.rowsFailed, SearchAttributeType.INT),
} as const;

/** The kinds of long work, one per workflow type an operator filters on. */
export type RunKind =
  | 'agent-crm-provisioning'
  | 'policy-sync'
  | 'carrier-feed-import'
  | 'sales-record-run'
  | 'sales-workflow-cohort'
  | 'finance-address-review'
  | 'ams-sync'
  | 'ams-inbound'
  | 'system-probe';

/**
 * What a run is, set when it starts: its kind, its tenant, the business or account it is for,
 * and phase `starting` (the workflow moves it on). As typed search attribute pairs.
 */
export function runSearchAttributes(run: { kind: RunKind; tenantId: string; businessId?: string; accountId?: string; rowsTotal?: number }): SearchAttributePair[] {
  return [
    { key: searchAttributeKeys.runKind, value: run.kind },
    { key: searchAttributeKeys.tenantId, value: run.tenantId },
    ...(run.businessId ? [{ key: searchAttributeKeys.businessId, value: run.businessId }] : []),
    ...(run.accountId ? [{ key: searchAttributeKeys.accountId, value: run.accountId }] : []),
    { key: searchAttributeKeys.runPhase, value: 'starting' },
    ...(run.rowsTotal !== undefined ? [{ key: searchAttributeKeys.rowsTotal, value: run.rowsTotal }] : []),
  ];
}
