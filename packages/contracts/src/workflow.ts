/**
 * The zod-free part of the contracts, for code that runs in Temporal's workflow sandbox:
 * task queues, workflow inputs/outputs, activity interfaces, failure types.
 */
export * from './task-queues';
export * from './errors';
export * from './search-attributes';
export * from './workflows/system-probe';
export * from './activities/service-probe';
export * from './workflows/agent-crm';
export * from './activities/agent-crm';
export * from './workflows/sales-records';
export * from './activities/sales-records';
export * from './workflows/carrier-feed-imports';
export * from './activities/carrier-feed-imports';
export * from './workflows/finance-address-review';
export * from './activities/finance-address-review';
export * from './workflows/ams-sync';
export * from './activities/ams-sync';
export * from './workflows/sales-workflow-cohorts';
export * from './activities/sales-workflow-cohorts';
