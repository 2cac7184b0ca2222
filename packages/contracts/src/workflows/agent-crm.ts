/**
 * Agent CRM provisioning and policy sync (PS-3..PS-9): workflow inputs, results, signals and
 * queries. Zod-free: this file is imported by workflow code. No protected data is ever put in
 * workflow ids, search attributes or memos, and member rows never travel through Temporal at all
 * (they move service to service inside the activities).
 */
export type BusinessKind = 'agent' | 'agency';

export interface AgentCrmUser {
  name: string;
  email: string;
  npn: string;
}

export interface ProvisionAgentCrmInput {
  businessId: string;
  fmoTenantId: string;
  name: string;
  kind: BusinessKind;
  users: AgentCrmUser[];
  policySyncEnabled: boolean;
  requestedBy: string;
  /** Policies per page of the sync (tests use small pages). */
  pageSize?: number;
}

export type PolicySyncTrigger = 'provisioning' | 'resync' | 'enabled' | 'agent-added';

export interface PolicySyncTotals {
  pages: number;
  policies: number;
  policiesInserted: number;
  policiesUpdated: number;
  policiesUnchanged: number;
  members: number;
  accountsCreated: number;
  contactsCreated: number;
  contactsUpdated: number;
  membersWithoutEmail: number;
  /** PS-9: when the run is done, the business's synced contacts (people), and those without an email. */
  contacts: number;
  contactsWithoutEmail: number;
  /** Policies seen per writing agent NPN. */
  perNpn: Record<string, number>;
}

/** What a sync run carries across continue-as-new. */
export interface PolicySyncCursor {
  runId: string;
  fmoTenantId: string;
  /** A resync was asked for while this run was going: run once more at the end. */
  resyncRequested: boolean;
  trigger: PolicySyncTrigger;
  requestedBy: string;
  startedAt: string;
  npns: string[];
  after: string | null;
  totals: PolicySyncTotals;
}

export interface PolicySyncInput {
  businessId: string;
  trigger: PolicySyncTrigger;
  requestedBy: string;
  pageSize?: number;
  /** Set by the workflow itself when it continues as new. */
  resume?: PolicySyncCursor;
}

export interface PolicySyncReport extends PolicySyncTotals {
  runId: string;
  businessId: string;
  state: 'completed' | 'skipped' | 'failed';
  /** Why a run was skipped (policy sync disabled) or failed (which activity, what kind of failure). */
  reason?: string;
  trigger: PolicySyncTrigger;
  requestedBy: string;
  npns: string[];
  startedAt: string;
  finishedAt: string;
}

export interface ProvisionAgentCrmResult {
  businessId: string;
  state: 'active';
  sync: PolicySyncReport | null;
}

export interface ProvisioningProgress {
  step: 'creating-business' | 'syncing-policies' | 'activating' | 'compensating' | 'done' | 'failed';
  businessId: string;
}

export interface PolicySyncProgress {
  runId: string;
  npns: string[];
  totals: PolicySyncTotals;
  done: boolean;
}

export const provisionAgentCrmWorkflowName = 'provisionAgentCrm';
export const policySyncWorkflowName = 'syncAgentCrmPolicies';
export const provisioningProgressQuery = 'provisioningProgress';
export const policySyncProgressQuery = 'policySyncProgress';
/** Ask a running sync to run once more when it finishes (e.g. an agent was added meanwhile). */
export const resyncRequestedSignal = 'resyncRequested';

/** Business-key workflow ids: one provisioning per (FMO, request key); one sync at a time per business. */
export const provisionAgentCrmWorkflowId = (fmoTenantId: string, key: string): string =>
  `provision-agent-crm/${fmoTenantId}/${key}`;
export const policySyncWorkflowId = (businessId: string): string => `policy-sync/${businessId}`;

export const emptySyncTotals = (): PolicySyncTotals => ({
  pages: 0,
  policies: 0,
  policiesInserted: 0,
  policiesUpdated: 0,
  policiesUnchanged: 0,
  members: 0,
  accountsCreated: 0,
  contactsCreated: 0,
  contactsUpdated: 0,
  membersWithoutEmail: 0,
  contacts: 0,
  contactsWithoutEmail: 0,
  perNpn: {},
});
