import { z } from 'zod';
import { amsAccountSyncWorkflowId, amsKinds, amsSyncActions } from '@agencyflow/contracts';
import type { AmsConnectionRow } from '../db/ams-store';
import type { amsSyncRequests } from '../db/schema';

interface SyncStateRow {
  state: 'queued' | 'syncing' | 'synced' | 'failed';
  amsId: string | null;
  syncedAt: Date | null;
  message: string | null;
}

const time = z.iso.datetime().nullable();

/** A contact's sync state as the views show it (AMS-2). */
export const amsContactSyncView = z.strictObject({
  state: z.enum(['not-synced', 'queued', 'syncing', 'synced', 'failed']),
  amsId: z.string().nullable(),
  syncedAt: time,
  message: z.string().nullable().meta({ description: 'AMS-4: the AMS’s own message when the sync failed' }),
});

/** A contact's AMS sync state as answered (AMS-2): not synced / queued / syncing / synced at, with AMS id / failed, with the AMS's message. */
export const toAmsSyncView = (row: SyncStateRow | undefined): z.infer<typeof amsContactSyncView> => ({
  state: row?.state ?? 'not-synced',
  amsId: row?.amsId ?? null,
  syncedAt: row?.syncedAt?.toISOString() ?? null,
  message: row?.state === 'failed' ? row.message : null,
});

export const amsSyncRequestView = z.strictObject({
  requestId: z.uuid(),
  action: z.enum(amsSyncActions),
  accountId: z.uuid(),
  contactId: z.uuid().nullable(),
  state: z.enum(['queued', 'running', 'completed']),
  requestedBy: z.string(),
  requestedAt: z.iso.datetime(),
  startedAt: time,
  finishedAt: time,
  workflowId: z.string().meta({ description: 'The account’s sync workflow, ams-sync/<tenant>/<account>' }),
  links: z.strictObject({ self: z.string() }),
});

export const amsSyncRequestPageView = z.strictObject({ items: z.array(amsSyncRequestView), nextBefore: z.string().nullable() });

/** One request with the sync state of each contact it concerns. */
export const amsSyncRequestDetailView = amsSyncRequestView.extend({
  contacts: z.array(amsContactSyncView.extend({ contactId: z.uuid(), ofThisRequest: z.boolean().meta({ description: 'The state was set by this request (not a later one)' }) })),
});

/** A sync request as a job (AMS-2): what, for which account or contact, by whom, its state and times, its workflow. */
export const toAmsSyncRequestView = (request: typeof amsSyncRequests.$inferSelect): z.infer<typeof amsSyncRequestView> => ({
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

/** A queued sync (202): the request, where to follow it, and the account's workflow. */
export const amsSyncQueuedView = z.strictObject({ requestId: z.uuid(), workflowId: z.string(), statusUrl: z.string(), temporalUiUrl: z.string() });

export const amsConnectionView = z.strictObject({
  kind: z.enum(amsKinds),
  baseUrl: z.string(),
  pollIntervalSeconds: z.number().int(),
  rateLimitPerSecond: z.number(),
  credentialsStored: z.literal(true),
  inboundStoppedReason: z.string().nullable().meta({ description: 'Why the inbound poll stopped (AMS-7), if it did' }),
  lastReconciledAt: time,
  connectedBy: z.string(),
  updatedAt: z.iso.datetime(),
});

export const amsConnectionTestView = z.strictObject({ ok: z.boolean(), message: z.string() });

/** The tenant's connection without its credentials (AMS-1: stored encrypted, never returned). */
export const toAmsConnectionView = (row: AmsConnectionRow): z.infer<typeof amsConnectionView> => ({
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
