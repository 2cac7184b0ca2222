/**
 * Every workflow the `workflows` worker hosts. Only deterministic code is reachable from here:
 * @temporalio/workflow, @agencyflow/contracts/workflow and local pure helpers (lint enforces it).
 */
export { systemProbe } from './system-probe.workflow';
export { provisionAgentCrm } from './provision-agent-crm.workflow';
export { syncAgentCrmPolicies } from './sync-agent-crm-policies.workflow';
export { createSalesRecordsWorkflow } from './create-sales-records.workflow';
export { importCarrierFeedWorkflow } from './import-carrier-feed.workflow';
export { reviewAddressChange } from './review-address-change.workflow';
export { amsAccountSync } from './ams-account-sync.workflow';
export { amsInboundPoll } from './ams-inbound-poll.workflow';
export { runSalesWorkflowCohort } from './run-sales-workflow-cohort.workflow';
