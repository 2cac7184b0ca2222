import type { EventDefinition } from './define-event';
import { eventKey } from './define-event';
import { accountCreatedV1 } from './account/account-created.v1';
import { accountDeletedV1 } from './account/account-deleted.v1';
import { accountStatusChangedV2 } from './account/account-status-changed.v2';
import { accountUpdatedV1 } from './account/account-updated.v1';
import { agentCrmBusinessChangedV1 } from './account/agent-crm-business-changed.v1';
import { contactAddedV1 } from './account/contact-added.v1';
import { contactAttachmentAddedV1 } from './account/contact-attachment-added.v1';
import { contactDeletedV2 } from './account/contact-deleted.v2';
import { contactUpdatedV1 } from './account/contact-updated.v1';
import { primaryContactChangedV1 } from './account/primary-contact-changed.v1';
import { amsSyncRequestedV1 } from './account/ams-sync-requested.v1';
import { securityGroupChangedV1 } from './account/security-group-changed.v1';
import { policyChangedV1 } from './policy/policy-changed.v1';
import { policyDeletedV1 } from './policy/policy-deleted.v1';
import { policySyncPageCopiedV1 } from './policy/policy-sync-page-copied.v1';
import { carrierFeedPageImportedV1 } from './policy/carrier-feed-page-imported.v1';
import { carrierFeedStagedV1 } from './policy/carrier-feed-staged.v1';
import { policySyncPageAppliedV1 } from './account/policy-sync-page-applied.v1';
import { protectedDataAccessedV1 } from './policy/protected-data-accessed.v1';
import { financeCustomerCreatedV1 } from './finance/customer-created.v1';
import { financeCustomerUpdatedV1 } from './finance/customer-updated.v1';
import { financeCustomerReplacedV1 } from './finance/customer-replaced.v1';
import { financeContactCreatedV1 } from './finance/contact-created.v1';
import { financeContactUpdatedV1 } from './finance/contact-updated.v1';
import { financeContactReplacedV1 } from './finance/contact-replaced.v1';
import { financeProgramCreatedV1 } from './finance/program-created.v1';
import { financeProgramStatusChangedV1 } from './finance/program-status-changed.v1';
import { financeInvoiceCreatedV1 } from './finance/invoice-created.v1';
import { financeVerificationDocumentAddedV1 } from './finance/verification-document-added.v1';
import { financeAddressReviewRequestedV1 } from './finance/address-review-requested.v1';
import { financeAddressReviewRemindedV1 } from './finance/address-review-reminded.v1';
import { financeAddressReviewDecidedV1 } from './finance/address-review-decided.v1';
import { financeProgramFinancedChangedV1 } from './finance/program-financed-changed.v1';
import { financeSettingsChangedV1 } from './finance/settings-changed.v1';
import { salesProtectedDataAccessedV1 } from './sales/protected-data-accessed.v1';
import { salesRecordRunCompletedV1 } from './sales/sales-record-run-completed.v1';
import { salesRecordRunProgressedV1 } from './sales/sales-record-run-progressed.v1';
import { salesRecordRunRequestedV1 } from './sales/sales-record-run-requested.v1';
import { salesRecordTypeChangedV1 } from './sales/sales-record-type-changed.v1';
import { salesRecordUpdatedV1 } from './sales/sales-record-updated.v1';
import { salesWorkflowChangedV1 } from './sales/sales-workflow-changed.v1';
import { salesRecordConvertedV1 } from './sales/sales-record-converted.v1';
import { salesWorkflowStepAppliedV1 } from './sales/sales-workflow-step-applied.v1';

/** Every event the system publishes. Adding an event = one file + one line here. */
export const allEvents: readonly EventDefinition[] = [
  accountCreatedV1,
  accountUpdatedV1,
  accountStatusChangedV2,
  accountDeletedV1,
  contactAddedV1,
  contactUpdatedV1,
  contactDeletedV2,
  primaryContactChangedV1,
  amsSyncRequestedV1,
  contactAttachmentAddedV1,
  agentCrmBusinessChangedV1,
  securityGroupChangedV1,
  policyChangedV1,
  policyDeletedV1,
  policySyncPageCopiedV1,
  carrierFeedPageImportedV1,
  carrierFeedStagedV1,
  policySyncPageAppliedV1,
  protectedDataAccessedV1,
  financeCustomerCreatedV1,
  financeCustomerUpdatedV1,
  financeCustomerReplacedV1,
  financeContactCreatedV1,
  financeContactUpdatedV1,
  financeContactReplacedV1,
  financeProgramCreatedV1,
  financeProgramStatusChangedV1,
  financeInvoiceCreatedV1,
  financeVerificationDocumentAddedV1,
  financeAddressReviewRequestedV1,
  financeAddressReviewRemindedV1,
  financeAddressReviewDecidedV1,
  financeProgramFinancedChangedV1,
  financeSettingsChangedV1,
  salesRecordRunRequestedV1,
  salesRecordRunProgressedV1,
  salesRecordRunCompletedV1,
  salesRecordTypeChangedV1,
  salesRecordUpdatedV1,
  salesProtectedDataAccessedV1,
  salesWorkflowChangedV1,
  salesWorkflowStepAppliedV1,
  salesRecordConvertedV1,
];

const byKey = new Map(allEvents.map((e) => [eventKey(e.type, e.version), e]));

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return byKey.get(eventKey(type, version));
}
