import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failures with their message and stack trace moved into an encoded attribute, which the payload
 * codec encrypts like any payload: a failing write's message can quote a name or an email,
 * and Temporal keeps failures in its histories. The server and the UI without the codec see only
 * "Encoded failure". Loaded by path (data-converter.ts), so workflow bundles include it too.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
