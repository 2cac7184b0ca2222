import { defineEvent } from '../define-event';
import { protectedDataAccess } from '../../protected-data-access';

/**
 * The sales service showed protected fields of sales records unmasked: the account
 * service, which keeps the tenant's protected-data access log, records it. Keyed by the access id.
 */
export const salesProtectedDataAccessedV1 = defineEvent({
  type: 'sales.protected-data-accessed',
  version: 1,
  aggregateType: 'protected-data-access',
  topic: 'sales.events',
  schema: protectedDataAccess,
});
