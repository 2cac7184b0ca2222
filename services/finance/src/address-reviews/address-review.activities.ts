import type { AddressReviewActivities } from '@agencyflow/contracts';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { decideAddressReview, expireAddressReview, remindAddressReview } from './decide-address-review';

/**
 * The finance side of reviewAddressChange, as activities on the finance task queue: each acts as
 * the review's tenant (row-level security) and reads the requested change from its row, so no row
 * crosses Temporal.
 */
export function createAddressReviewActivities({ database, fieldCipher }: Pick<ServiceDeps, 'database' | 'fieldCipher'>): AddressReviewActivities {
  return {
    decideAddressReview: (decision) => decideAddressReview(forTenants(database, decision.tenantId), fieldCipher, decision),
    remindAddressReview: (input) => remindAddressReview(forTenants(database, input.tenantId), input),
    expireAddressReview: (input) => expireAddressReview(forTenants(database, input.tenantId), input),
  };
}
