import type { AgentCrmUser, BusinessKind, PolicySyncReport, SyncedMember } from '../workflows/agent-crm';

export interface CreateBusinessInput {
  businessId: string;
  fmoTenantId: string;
  name: string;
  kind: BusinessKind;
  users: AgentCrmUser[];
  policySyncEnabled: boolean;
  requestedBy: string;
}

export interface PolicySyncScope {
  fmoTenantId: string;
  enabled: boolean;
  /** The NPNs of the business's users: the only policies it may receive (PS-4). */
  npns: string[];
}

export interface SyncedContactsResult {
  accountsCreated: number;
  contactsCreated: number;
  contactsUpdated: number;
  membersWithoutEmail: number;
}

/** Agent CRM activities of the account service (task queue `account-activities`). */
export interface AgentCrmAccountActivities {
  /** Creates the business and its users in one transaction; idempotent by businessId. */
  createBusiness(input: CreateBusinessInput): Promise<{ created: boolean }>;
  /** Compensation: removes the business, its users and whatever was synced into it. */
  deleteBusiness(input: { businessId: string }): Promise<void>;
  /** The business is usable. */
  activateBusiness(input: { businessId: string }): Promise<void>;
  getPolicySyncScope(input: { businessId: string }): Promise<PolicySyncScope>;
  /** PS-5: members become contacts, one account per policyholder; set-based, keyed by contact id. */
  upsertSyncedContacts(input: { businessId: string; members: SyncedMember[] }): Promise<SyncedContactsResult>;
  recordPolicySyncRun(input: { report: PolicySyncReport; state: 'running' | 'completed' | 'skipped' | 'failed' }): Promise<void>;
}

export interface CopyPolicyPageInput {
  fmoTenantId: string;
  businessId: string;
  npns: string[];
  /** Keyset cursor returned by the previous page; null for the first. */
  after: string | null;
  limit: number;
  requestedBy: string;
}

export interface CopyPolicyPageResult {
  policies: number;
  inserted: number;
  updated: number;
  unchanged: number;
  perNpn: Record<string, number>;
  /** The page's members (deduplicated by contact), to become contacts. */
  members: SyncedMember[];
  /** Null when this was the last page. */
  nextCursor: string | null;
}

/** Agent CRM activities of the policy service (task queue `policy-activities`). */
export interface AgentCrmPolicyActivities {
  /** PS-4/PS-6: copies one page of the FMO's policies written by `npns` into the business, set-based and idempotent. */
  copyPolicyPage(input: CopyPolicyPageInput): Promise<CopyPolicyPageResult>;
  /** Compensation: removes every policy synced into the business. */
  purgeBusinessPolicies(input: { businessId: string }): Promise<{ deleted: number }>;
}
