import {
  deterministicUuid,
  provisionAgentCrmWorkflowId,
  provisionAgentCrmWorkflowName,
  runSearchAttributes,
  type Outcome,
  type ProvisionAgentCrmInput,
} from '@agencyflow/contracts';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { emailsInUse } from './business-queries';

export interface ProvisionCommand {
  fmoTenantId: string;
  requestedBy: string;
  /** The same key always means the same business and the same workflow. */
  idempotencyKey: string;
  business: Pick<ProvisionAgentCrmInput, 'name' | 'kind' | 'users' | 'policySyncEnabled' | 'pageSize'>;
}

/**
 * PS-3: starts the provisioning saga of an Agent CRM business (its business, users, first sync
 * and activation run in Temporal). An email another Agent CRM user has is refused up front as a
 * 'conflict', and nothing starts.
 */
export async function provisionBusiness(
  { database, temporal, taskQueues }: Pick<ServiceDeps, 'database' | 'temporal' | 'taskQueues'>,
  { fmoTenantId, requestedBy, idempotencyKey, business }: ProvisionCommand,
): Promise<Outcome<'conflict', { emails: string[] }> | Outcome<'started', { businessId: string; workflowId: string; runId: string }>> {
  const taken = await emailsInUse(database.db, business.users.map((u) => u.email));
  if (taken.length > 0) return { outcome: 'conflict', emails: taken };
  const businessId = deterministicUuid('agent-crm-business', fmoTenantId, idempotencyKey);
  const workflowId = provisionAgentCrmWorkflowId(fmoTenantId, idempotencyKey);
  const input: ProvisionAgentCrmInput = {
    businessId,
    fmoTenantId,
    name: business.name,
    kind: business.kind,
    users: business.users,
    policySyncEnabled: business.policySyncEnabled,
    requestedBy,
    ...(business.pageSize ? { pageSize: business.pageSize } : {}),
  };
  const handle = await temporal.client.workflow.start(provisionAgentCrmWorkflowName, {
    workflowId,
    taskQueue: taskQueues.workflows,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // What the Temporal UI shows first (issue 13): ids and kinds only, never a name or an email.
    staticSummary: `Provision an Agent CRM ${business.kind} business ${businessId} for FMO ${fmoTenantId}`,
    staticDetails: [
      `**Business** ${businessId} (${business.kind}) of FMO ${fmoTenantId}`,
      `**Requested by** ${requestedBy}`,
      `**Users** ${business.users.length}; **policy sync** ${business.policySyncEnabled ? 'on' : 'off'}`,
    ].join('\n\n'),
    typedSearchAttributes: runSearchAttributes({ kind: 'agent-crm-provisioning', tenantId: fmoTenantId, businessId }),
  });
  return { outcome: 'started', businessId, workflowId, runId: handle.firstExecutionRunId };
}
