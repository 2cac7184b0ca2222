import { defineEvent } from '../define-event';
import { protectedDataAccess } from '../../protected-data-access';

/**
 * The policy service showed protected fields of policy members unmasked: the account
 * service, which keeps the tenant's protected-data access log, records it. Keyed by the access id.
 */
export const protectedDataAccessedV1 = defineEvent({
  type: 'policy.protected-data-accessed',
  version: 1,
  aggregateType: 'protected-data-access',
  topic: 'policy.events',
  schema: protectedDataAccess,
});
