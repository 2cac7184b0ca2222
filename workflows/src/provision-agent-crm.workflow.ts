import {
  CancellationScope,
  defineQuery,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  policySyncWorkflowId,
  provisioningProgressQuery,
  searchAttributeNames,
  taskQueuesOfWorkflowQueue,
  type AgentCrmAccountActivities,
  type AgentCrmPolicyActivities,
  type PolicySyncReport,
  type ProvisionAgentCrmInput,
  type ProvisionAgentCrmResult,
  type ProvisioningProgress,
} from '@agencyflow/contracts/workflow';
import { serviceActivityOptions } from './activity-options';
import { syncAgentCrmPolicies } from './sync-agent-crm-policies.workflow';

export const provisioningProgress = defineQuery<ProvisioningProgress>(provisioningProgressQuery);

/**
 * PS-3: provisions an Agent CRM business as a saga. Create the business and its users (one
 * transaction), run the policy sync if enabled (child workflow, PS-4..PS-6), then make the
 * business usable. If a step fails before that, the compensations undo what was made, newest
 * first: synced policies, then the business with its users and contacts.
 */
export async function provisionAgentCrm(input: ProvisionAgentCrmInput): Promise<ProvisionAgentCrmResult> {
  const queues = taskQueuesOfWorkflowQueue(workflowInfo().taskQueue);
  const account = proxyActivities<AgentCrmAccountActivities>(serviceActivityOptions(queues.account));
  const policy = proxyActivities<AgentCrmPolicyActivities>(serviceActivityOptions(queues.policy));
  const { businessId } = input;

  let step: ProvisioningProgress['step'] = 'creating-business';
  setHandler(provisioningProgress, () => ({ step, businessId }));
  const compensations: Array<() => Promise<unknown>> = [];

  try {
    await account.createBusiness({
      businessId,
      fmoTenantId: input.fmoTenantId,
      name: input.name,
      kind: input.kind,
      users: input.users,
      policySyncEnabled: input.policySyncEnabled,
      requestedBy: input.requestedBy,
    });
    compensations.unshift(() => account.deleteBusiness({ businessId }));

    let sync: PolicySyncReport | null = null;
    if (input.policySyncEnabled) {
      step = 'syncing-policies';
      compensations.unshift(() => policy.purgeBusinessPolicies({ businessId }));
      sync = await executeChild(syncAgentCrmPolicies, {
        workflowId: policySyncWorkflowId(businessId),
        args: [{ businessId, trigger: 'provisioning', requestedBy: input.requestedBy, pageSize: input.pageSize }],
        searchAttributes: {
          [searchAttributeNames.tenantId]: [input.fmoTenantId],
          [searchAttributeNames.businessId]: [businessId],
          [searchAttributeNames.runKind]: ['policy-sync'],
        },
      });
    }

    step = 'activating';
    await account.activateBusiness({ businessId });
    step = 'done';
    return { businessId, state: 'active', sync };
  } catch (error) {
    step = 'compensating';
    // Compensations run even if the workflow is being cancelled.
    await CancellationScope.nonCancellable(async () => {
      for (const compensate of compensations) await compensate();
    });
    step = 'failed';
    throw error;
  }
}
