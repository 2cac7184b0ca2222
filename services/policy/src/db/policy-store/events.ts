import { buildEvent, policyChangedV1, policyDeletedV1, type EventData, type OutgoingEvent, type PolicyStatus } from '@agencyflow/contracts';
import type { policies, PolicySource } from '../schema';

export type PolicyRecord = Pick<
  typeof policies.$inferSelect,
  | 'id'
  | 'tenantId'
  | 'revision'
  | 'carrier'
  | 'policyNumber'
  | 'coverageType'
  | 'status'
  | 'effectiveDate'
  | 'renewalDate'
  | 'premium'
  | 'writingAgentNpn'
  | 'accountId'
  | 'policyholderContactId'
  | 'source'
>;

export type PolicyChange = EventData<typeof policyChangedV1>['change'];

/** policy-changed v1 carries the whole (non-protected) policy at its new revision. */
export function policyChangedEvent(
  policy: PolicyRecord,
  change: { change: PolicyChange; previousStatus: PolicyStatus | null; memberContactIds: string[]; changedBy: string },
): OutgoingEvent {
  return buildEvent(policyChangedV1, {
    tenantId: policy.tenantId,
    aggregateId: policy.id,
    data: {
      policyId: policy.id,
      revision: policy.revision,
      change: change.change,
      carrier: policy.carrier,
      policyNumber: policy.policyNumber,
      coverageType: policy.coverageType,
      status: policy.status,
      previousStatus: change.previousStatus,
      effectiveDate: policy.effectiveDate,
      renewalDate: policy.renewalDate,
      premium: policy.premium,
      writingAgentNpn: policy.writingAgentNpn,
      accountId: policy.accountId,
      policyholderContactId: policy.policyholderContactId,
      memberContactIds: change.memberContactIds,
      source: policy.source,
      changedBy: change.changedBy,
    },
  });
}

export interface PolicyDeletion {
  reason: EventData<typeof policyDeletedV1>['reason'];
  deletedBy: string;
}

/** policy-deleted v1; `revision` is the one after the policy's last (the deletion is a change too). */
export function policyDeletedEvent(
  policy: Pick<PolicyRecord, 'id' | 'tenantId' | 'revision' | 'carrier' | 'policyNumber' | 'accountId' | 'policyholderContactId'>,
  deletion: PolicyDeletion,
): OutgoingEvent {
  return buildEvent(policyDeletedV1, {
    tenantId: policy.tenantId,
    aggregateId: policy.id,
    data: {
      policyId: policy.id,
      revision: policy.revision + 1,
      carrier: policy.carrier,
      policyNumber: policy.policyNumber,
      accountId: policy.accountId,
      policyholderContactId: policy.policyholderContactId,
      reason: deletion.reason,
      deletedBy: deletion.deletedBy,
    },
  });
}

/** A policy row as the set-based upserts return it (snake_case from SQL), with whether it was inserted. */
export interface WrittenPolicyRow {
  id: string;
  inserted: boolean;
  revision: number;
  carrier: string;
  policy_number: string;
  coverage_type: PolicyRecord['coverageType'];
  status: PolicyStatus;
  effective_date: string;
  renewal_date: string | null;
  premium: string;
  writing_agent_npn: string;
  account_id: string | null;
  policyholder_contact_id: string | null;
  source: PolicySource;
}
