import type { ActivityOptions } from '@temporalio/workflow';
import { failureTypes } from '@agencyflow/contracts/workflow';

/**
 * Retry policy of the activities that touch a service's database: transient failures
 * (a restarted worker, service or database) are retried with backoff for up to an hour;
 * business failures carry a type and are not retried.
 */
export const serviceActivityOptions = (taskQueue: string): ActivityOptions => ({
  taskQueue,
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [failureTypes.agentCrmEmailTaken, failureTypes.businessNotFound, failureTypes.validation],
  },
});

/**
 * AMS-4: the retry policy of a call to a tenant's AMS. Timeouts, refused connections, 5xx and 429
 * (which sets its own next delay from Retry-After) are retried with exponential backoff until
 * `retryWindowSeconds` have passed since the first attempt; validation errors, permanent refusals
 * and `Primary Contact not synced` are not retried. The heartbeat timeout finds a worker killed
 * mid-call within seconds, and the retry finds the record that call made (AMS-5).
 */
export const amsCallActivityOptions = (taskQueue: string, retryWindowSeconds: number): ActivityOptions => ({
  taskQueue,
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '15 seconds',
  scheduleToCloseTimeout: `${retryWindowSeconds} seconds`,
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    // Short: the tenant's rate limit already paces every call, so a long backoff only leaves an
    // account's remaining contacts waiting (a 429's Retry-After still sets its own delay).
    maximumInterval: '5 seconds',
    nonRetryableErrorTypes: [failureTypes.primaryContactNotSynced, failureTypes.validation, failureTypes.amsPermanent],
  },
});
