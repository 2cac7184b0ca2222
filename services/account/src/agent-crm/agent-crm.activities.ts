import { ApplicationFailure } from '@temporalio/common';
import { failureTypes, type AgentCrmAccountActivities } from '@agencyflow/contracts';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { activateBusiness } from './activate-business';
import { createBusiness } from './create-business';
import { deleteBusiness } from './delete-business';

type ProvisioningActivities = Pick<AgentCrmAccountActivities, 'createBusiness' | 'deleteBusiness' | 'activateBusiness'>;

/**
 * The account side of provisioning an Agent CRM business (PS-3), as activities of its saga. The
 * business is created as its FMO; later steps act as the business's own tenant (its id), which
 * sees that business and its data and nothing else (row-level security).
 */
export function createProvisioningActivities({ database }: ServiceDeps): ProvisioningActivities {
  return {
    async createBusiness(input) {
      const result = await createBusiness(forTenants(database, input.fmoTenantId), input);
      // An email taken is a business failure: retrying cannot help.
      if (result.outcome === 'conflict') throw ApplicationFailure.create({ type: failureTypes.agentCrmEmailTaken, message: result.reason, nonRetryable: true });
      return { created: result.outcome === 'created' };
    },
    deleteBusiness: async ({ businessId }) => {
      await deleteBusiness(forTenants(database, businessId), businessId);
    },
    activateBusiness: async ({ businessId }) => {
      await activateBusiness(forTenants(database, businessId), businessId);
    },
  };
}
