import { ApplicationFailure } from '@temporalio/common';
import { failureTypes } from '@agencyflow/contracts';
import { AmsCallError } from './adapters';

/**
 * An AMS call's failure as Temporal's retry policy reads it (AMS-4): transient ones retried (a
 * 429 after its Retry-After), validation and permanent ones not, each with the AMS's own message
 * (what the user sees on the contact). Anything else (our database away) is left to the default
 * retries.
 */
export function toTemporalFailure(error: unknown): unknown {
  if (!(error instanceof AmsCallError)) return error;
  if (error.kind === 'transient') {
    return ApplicationFailure.create({
      message: error.message,
      type: failureTypes.amsTransient,
      nonRetryable: false,
      ...(error.retryAfterSeconds ? { nextRetryDelay: `${error.retryAfterSeconds}s` } : {}),
    });
  }
  return ApplicationFailure.create({ message: error.message, type: error.kind === 'validation' ? failureTypes.validation : failureTypes.amsPermanent, nonRetryable: true });
}

export const primaryContactNotSynced = () =>
  ApplicationFailure.create({ message: 'Primary Contact not synced', type: failureTypes.primaryContactNotSynced, nonRetryable: true });

export const refused = (message: string) => ApplicationFailure.create({ message, type: failureTypes.amsPermanent, nonRetryable: true });
