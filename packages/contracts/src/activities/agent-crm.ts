import type { AgentCrmUser, BusinessKind, PolicySyncReport } from '../workflows/agent-crm';

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
  /**
   * PS-5: the members of one copied page become contacts, one account per policyholder, with the
   * page's policy summaries, account statuses and history, set-based in one transaction. The rows
   * are pulled from the policy service (ciphertext as it is), never passed through Temporal.
   */
  applyPolicySyncPage(input: ApplyPolicySyncPageInput): Promise<SyncedContactsResult>;
  /**
   * PS-9: the business's synced contacts and how many have no email, for the run's report (the
   * preview predicts these numbers).
   */
  countSyncedContacts(input: { businessId: string }): Promise<{ contacts: number; contactsWithoutEmail: number }>;
  recordPolicySyncRun(input: { report: PolicySyncReport; state: 'running' | 'completed' | 'skipped' | 'failed' }): Promise<void>;
}

/** One page of a sync run, as the account side reads it: the FMO policy ids in (after, through]. */
export interface ApplyPolicySyncPageInput {
  businessId: string;
  runId: string;
  page: number;
  after: string | null;
  through: string;
}

export interface CopyPolicyPageInput {
  fmoTenantId: string;
  businessId: string;
  npns: string[];
  /** Keyset cursor returned by the previous page; null for the first. */
  after: string | null;
  limit: number;
  requestedBy: string;
  /** The sync run and page number, for the page's coarse event. */
  runId: string;
  page: number;
}

/** Ids, a cursor and counts only: the page's rows stay in the databases (no rows through Temporal). */
export interface CopyPolicyPageResult {
  policies: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Members of the page's policies. */
  members: number;
  perNpn: Record<string, number>;
  /** The last FMO policy id of the page (the page is (after, through]); null for an empty page. */
  through: string | null;
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
