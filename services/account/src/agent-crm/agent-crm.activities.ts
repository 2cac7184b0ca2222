import type { AgentCrmAccountActivities } from '@agencyflow/contracts';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { activateBusiness } from './activate-business';
import { createBusiness } from './create-business';
import { deleteBusiness } from './delete-business';
import { recordPolicySyncRun } from './record-sync-run';
import { getPolicySyncScope } from './sync-scope';
import { applyPolicySyncPage, countSyncedContacts } from './apply-policy-sync-page';
import { policyServicePages } from './policy-service-pages';

/** The account service's Agent CRM activities, on its own task queue (they touch its data only). */
export function createAgentCrmAccountActivities({ database, config }: ServiceDeps): AgentCrmAccountActivities {
  const pages = policyServicePages(config);
  return {
    createBusiness: (input) => createBusiness(database, input),
    deleteBusiness: ({ businessId }) => deleteBusiness(database, businessId),
    activateBusiness: ({ businessId }) => activateBusiness(database, businessId),
    getPolicySyncScope: ({ businessId }) => getPolicySyncScope(database, businessId),
    applyPolicySyncPage: (input) => applyPolicySyncPage({ database, pages }, input),
    countSyncedContacts: ({ businessId }) => countSyncedContacts(database, businessId),
    recordPolicySyncRun: ({ report, state }) => recordPolicySyncRun(database, report, state),
  };
}
