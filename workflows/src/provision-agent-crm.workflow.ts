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
  runSearchAttributes,
  taskQueuesOfWorkflowQueue,
  type AgentCrmAccountActivities,
  type AgentCrmPolicyActivities,
  type PolicySyncReport,
  type ProvisionAgentCrmInput,
  type ProvisionAgentCrmResult,
  type ProvisioningProgress,
} from '@agencyflow/contracts/workflow';
import { serviceActivityOptions } from './activity-options';
import { runVisibility } from './run-visibility';
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
  // The step is the run's phase in the Temporal UI: "provisionings stuck compensating" is one filter.
  const visible = runVisibility();
  const enter = (next: ProvisioningProgress['step']) => {
    step = next;
    visible(step, {}, `**Step** ${step}${input.policySyncEnabled ? ' (with policy sync)' : ''}`);
  };
  enter(step);
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
      enter('syncing-policies');
      compensations.unshift(() => policy.purgeBusinessPolicies({ businessId }));
      sync = await executeChild(syncAgentCrmPolicies, {
        workflowId: policySyncWorkflowId(businessId),
        args: [{ businessId, trigger: 'provisioning', requestedBy: input.requestedBy, pageSize: input.pageSize }],
        typedSearchAttributes: runSearchAttributes({ kind: 'policy-sync', tenantId: input.fmoTenantId, businessId }),
      });
    }

    enter('activating');
    await account.activateBusiness({ businessId });
    enter('done');
    return { businessId, state: 'active', sync };
  } catch (error) {
    enter('compensating');
    // Compensations run even if the workflow is being cancelled.
    await CancellationScope.nonCancellable(async () => {
      for (const compensate of compensations) await compensate();
    });
    enter('failed');
    throw error;
  }
}
