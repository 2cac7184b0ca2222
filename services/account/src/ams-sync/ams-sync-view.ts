import type { AmsConnectionRow } from '../db/ams-store';

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
