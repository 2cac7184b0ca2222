import type { AmsInboundPollResult, AmsSyncAction } from '../workflows/ams-sync';

/** What a request asks the workflow to do, in order: the primary first (AMS-3). */
export interface AmsSyncPlan {
  /** False when the request was already run (a redelivered signal): nothing to do. */
  proceed: boolean;
  contacts: Array<{ contactId: string; role: 'primary' | 'secondary' }>;
}

export interface AmsContactSyncInput {
  tenantId: string;
  accountId: string;
  requestId: string;
  contactId: string;
  action: AmsSyncAction;
}

export interface AmsContactSyncResult {
  amsId: string;
}

/**
 * The account service's activities of AMS sync (task queue account-activities). The AMS call is
 * `syncContactToAms`: it reads the contact, the connection and the links itself, and records the
 * AMS id in the account service's tables; its failures carry the AMS's message.
 */
export interface AmsSyncActivities {
  beginAmsSyncRequest(input: { tenantId: string; requestId: string }): Promise<AmsSyncPlan>;
  syncContactToAms(input: AmsContactSyncInput): Promise<AmsContactSyncResult>;
  recordAmsContactFailure(input: { tenantId: string; requestId: string; contactId: string; message: string }): Promise<void>;
  finishAmsSyncRequest(input: { tenantId: string; requestId: string }): Promise<void>;
  pollAmsChanges(input: { tenantId: string }): Promise<AmsInboundPollResult>;
}
