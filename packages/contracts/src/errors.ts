/**
 * Failure type strings shared by activities, workflows and tests. Temporal retry policies
 * refer to these strings, never to class names.
 */
export const failureTypes = {
  primaryContactNotSynced: 'PrimaryContactNotSynced',
  validation: 'ValidationFailed',
  notFound: 'NotFound',
  amsPermanent: 'AmsPermanentFailure',
  amsTransient: 'AmsTransientFailure',
  agentCrmEmailTaken: 'AgentCrmEmailTaken',
  businessNotFound: 'AgentCrmBusinessNotFound',
} as const;
export type FailureType = (typeof failureTypes)[keyof typeof failureTypes];
