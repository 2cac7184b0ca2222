import { ApplicationFailure } from '@temporalio/common';
import { failureTypes, type AgentCrmAccountActivities } from '@agencyflow/contracts';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { applyPolicySyncPage } from './apply-policy-sync-page';
import { countSyncedContacts } from './count-synced-contacts';
import { getPolicySyncScope } from './policy-sync-scope';
import { policyServicePages } from './policy-service-pages';
import { recordPolicySyncRun } from './record-sync-run';

type PolicySyncActivities = Pick<AgentCrmAccountActivities, 'getPolicySyncScope' | 'applyPolicySyncPage' | 'countSyncedContacts' | 'recordPolicySyncRun'>;

/**
 * The account side of a policy sync run (PS-4..PS-9), as activities of the Agent CRM workflows.
 * Each acts as the business's own tenant (its id), never as a tenant named by workflow input.
 */
export function createPolicySyncActivities({ database, config, fieldCipher }: ServiceDeps): PolicySyncActivities {
  const pages = policyServicePages(config);
  return {
    async getPolicySyncScope({ businessId }) {
      const scope = await getPolicySyncScope(forTenants(database, businessId), businessId);
      if (!scope) {
        throw ApplicationFailure.create({ type: failureTypes.businessNotFound, message: `No Agent CRM business ${businessId}`, nonRetryable: true });
      }
      return scope;
    },
    applyPolicySyncPage: async (input) => (await applyPolicySyncPage({ database: forTenants(database, input.businessId), pages, cipher: fieldCipher }, input)).counts,
    countSyncedContacts: ({ businessId }) => countSyncedContacts(forTenants(database, businessId), businessId),
    recordPolicySyncRun: async ({ report, state }) => {
      await recordPolicySyncRun(forTenants(database, report.businessId), report, state);
    },
  };
}
