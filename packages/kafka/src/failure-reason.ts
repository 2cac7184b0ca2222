/** Why an event failed, safe for dead-letter headers and logs: defined with the logger. */
export { failureReason } from '@agencyflow/logger';
