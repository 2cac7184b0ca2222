import { amsAccountSyncWorkflowId } from '@agencyflow/contracts';
import type { AmsConnectionRow } from '../db/ams-store';
import type { amsSyncRequests } from '../db/schema';

interface SyncStateRow {
  state: 'queued' | 'syncing' | 'synced' | 'failed';
  amsId: string | null;
  syncedAt: Date | null;
  message: string | null;
}

/** A contact's AMS sync state as answered (AMS-2): not synced / queued / syncing / synced at, with AMS id / failed, with the AMS's message. */
export const toAmsSyncView = (row: SyncStateRow | undefined) => ({
  state: row?.state ?? 'not-synced',
  amsId: row?.amsId ?? null,
  syncedAt: row?.syncedAt?.toISOString() ?? null,
  message: row?.state === 'failed' ? row.message : null,
});

/** A sync request as a job (AMS-2): what, for which account or contact, by whom, its state and times, its workflow. */
export const toAmsSyncRequestView = (request: typeof amsSyncRequests.$inferSelect) => ({
  requestId: request.id,
  action: request.action,
  accountId: request.accountId,
  contactId: request.contactId,
  state: request.state,
  requestedBy: request.requestedBy,
  requestedAt: request.createdAt.toISOString(),
  startedAt: request.startedAt?.toISOString() ?? null,
  finishedAt: request.finishedAt?.toISOString() ?? null,
  workflowId: amsAccountSyncWorkflowId(request.tenantId, request.accountId),
  links: { self: `/ams/sync-requests/${request.id}` },
});

/** The tenant's connection without its credentials (AMS-1: stored encrypted, never returned). */
export const toAmsConnectionView = (row: AmsConnectionRow) => ({
  kind: row.kind,
  baseUrl: row.baseUrl,
  pollIntervalSeconds: row.pollIntervalSeconds,
  rateLimitPerSecond: row.rateLimitPerSecond,
  credentialsStored: true as const,
  inboundStoppedReason: row.inboundStoppedReason,
  lastReconciledAt: row.lastReconciledAt?.toISOString() ?? null,
  connectedBy: row.connectedBy,
  updatedAt: row.updatedAt.toISOString(),
});
