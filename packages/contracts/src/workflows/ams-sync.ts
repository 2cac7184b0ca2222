/**
 * AMS contact sync (AMS-2..AMS-7): the account workflow's input, signal and progress, and the
 * inbound poll's. Zod-free: imported by workflow code. Only ids and counts cross Temporal: the
 * contact's fields are read by the activity from the account service's own tables and sent to
 * the AMS from there (docs/decisions/0031).
 */
export const amsKinds = ['ams360', 'qqcatalyst', 'nowcerts', 'hawksoft'] as const;
export type AmsKind = (typeof amsKinds)[number];

/** AMS-2: add the contact (create its AMS record), sync it (push to its linked record), or the whole account. */
export const amsSyncActions = ['add-contact', 'sync-contact', 'sync-account'] as const;
export type AmsSyncAction = (typeof amsSyncActions)[number];

/** One request for an account, as the account workflow queues it (AMS-6: arrival order). */
export interface AmsSyncRequest {
  requestId: string;
  action: AmsSyncAction;
  /** The contact of add-contact / sync-contact; null for sync-account. */
  contactId: string | null;
}

export interface AmsAccountSyncInput {
  tenantId: string;
  accountId: string;
  /** How long the AMS calls of one contact may keep retrying (AMS-4's bounded time). */
  retryWindowSeconds?: number;
  /** Requests not run yet, carried across continue-as-new (AMS-6). */
  pending?: AmsSyncRequest[];
  /** Requests this workflow (across its runs) already took, newest last: a redelivered signal is not run twice. */
  seen?: string[];
}

export interface AmsAccountSyncProgress {
  running: AmsSyncRequest | null;
  queued: AmsSyncRequest[];
  /** Requests finished by this run. */
  finished: number;
}

export const amsAccountSyncWorkflowName = 'amsAccountSync';
export const amsSyncRequestedSignal = 'amsSyncRequested';
export const amsAccountSyncProgressQuery = 'progress';

/** One entity workflow per account (AMS-6). Ids only: no name, no protected data. */
export const amsAccountSyncWorkflowId = (tenantId: string, accountId: string): string => `ams-sync/${tenantId}/${accountId}`;

/** The AMS-7 inbound poll of one tenant, run by its Temporal Schedule. */
export interface AmsInboundPollInput {
  tenantId: string;
}
export interface AmsInboundPollResult {
  accountsCreated: number;
  accountStatusesChanged: number;
  contactsCreated: number;
  contactsUpdated: number;
  /** Records whose hash matched what we last saw (e.g. our own outbound sync): no change. */
  unchanged: number;
  deleted: number;
  reconciled: boolean;
}
export const amsInboundPollWorkflowName = 'amsInboundPoll';
export const amsInboundScheduleId = (tenantId: string): string => `ams-inbound/${tenantId}`;
