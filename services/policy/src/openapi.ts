import { openApiDocument, type OpenApiDocument } from '@agencyflow/http';
import { carrierFeedApi } from './carrier-feeds/carrier-feeds.routes';
import { policyApi } from './policies/policies.routes';
import { agentCrmApi } from './policy-sync/agent-crm.routes';
import { policySyncTransferApi } from './policy-sync/policy-sync-transfer.routes';

export const policyOpenApi = (): OpenApiDocument =>
  openApiDocument(
    {
      info: {
        title: 'Policy service',
        version: '0.1.0',
        description:
          'Policies (PS-1), carrier feed imports (PS-2) and the policy sync preview for Agent CRM provisioning (PS-9) of a tenant. Member date of birth and MBI are protected: stored ' +
          'encrypted and shown masked unless the caller has protected-data:view (X-4). Every change publishes ' +
          'policy.policy-changed v1 or policy.policy-deleted v1 with the policy revision through the outbox (X-2).',
      },
    },
    [policyApi, carrierFeedApi, agentCrmApi, policySyncTransferApi],
  );
