import { ApplicationFailure } from '@temporalio/common';
import { failureTypes, type AgentCrmAccountActivities } from '@agencyflow/contracts';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { activateBusiness } from './activate-business';
import { createBusiness } from './create-business';
import { deleteBusiness } from './delete-business';

type ProvisioningActivities = Pick<AgentCrmAccountActivities, 'createBusiness' | 'deleteBusiness' | 'activateBusiness'>;

/** The account side of provisioning an Agent CRM business (PS-3), as activities of its saga. */
export function createProvisioningActivities({ database }: ServiceDeps): ProvisioningActivities {
  return {
    async createBusiness(input) {
      const result = await createBusiness(database, input);
      // An email taken is a business failure: retrying cannot help.
      if (result.outcome === 'conflict') throw ApplicationFailure.create({ type: failureTypes.agentCrmEmailTaken, message: result.reason, nonRetryable: true });
      return { created: result.outcome === 'created' };
    },
    deleteBusiness: async ({ businessId }) => {
      await deleteBusiness(database, businessId);
    },
    activateBusiness: async ({ businessId }) => {
      await activateBusiness(database, businessId);
    },
  };
}
