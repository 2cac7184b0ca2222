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
