import { ApplicationFailure } from '@temporalio/common';
import { failureTypes, type AgentCrmPolicyActivities } from '@agencyflow/contracts';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { PolicySyncInputError } from '../domain/policy-sync';
import { copyPolicyPage } from './copy-policy-page';
import { purgeBusinessPolicies } from './purge-business-policies';

/** A refused request is a business failure the retry policy must not repeat. */
async function refusingBadInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PolicySyncInputError) {
      throw ApplicationFailure.create({ type: failureTypes.validation, message: error.message, nonRetryable: true });
    }
    throw error;
  }
}

/**
 * Agent CRM activities of the policy service (task queue `policy-activities`): the policy side of
 * provisioning and policy sync (PS-4..PS-8). The rules live in the use cases.
 */
export function createAgentCrmPolicyActivities(deps: ServiceDeps): AgentCrmPolicyActivities {
  const { logger } = deps;
  return {
    async copyPolicyPage(input) {
      const result = await refusingBadInput(() => copyPolicyPage({ ...deps, database: forTenants(deps.database, input.fmoTenantId, input.businessId) }, input));
      // Counts only, as in the result: member rows never leave the databases through Temporal.
      logger.info(
        {
          businessId: input.businessId,
          fmoTenantId: input.fmoTenantId,
          policies: result.policies,
          inserted: result.inserted,
          updated: result.updated,
          unchanged: result.unchanged,
          members: result.members,
          lastPage: result.nextCursor === null,
        },
        'policy sync page copied',
      );
      return result;
    },

    async purgeBusinessPolicies(input) {
      const result = await refusingBadInput(() => purgeBusinessPolicies(forTenants(deps.database, input.businessId), input));
      logger.info({ businessId: input.businessId, deleted: result.deleted }, 'business policies purged');
      return result;
    },
  };
}
