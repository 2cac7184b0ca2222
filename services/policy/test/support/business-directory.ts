import { agentCrmBusinessChangedV1, buildEvent, type AgentCrmPolicyActivities } from '@agencyflow/contracts';
import type { TestService } from '@agencyflow/testing';
import { isBusinessTenant } from '../../src/domain/policy-sync';
import { applyAccountEvents } from './fixtures';

/** A business as its provisioning's agent-crm-business-changed event makes it known to the policy service. */
export async function registerBusiness(
  service: TestService,
  business: { businessId: string; fmoTenantId: string; userNpns: string[]; state?: 'provisioning' | 'active' | 'deleted' },
): Promise<void> {
  const event = buildEvent(agentCrmBusinessChangedV1, {
    tenantId: business.fmoTenantId,
    aggregateId: business.businessId,
    data: {
      businessId: business.businessId,
      fmoTenantId: business.fmoTenantId,
      name: 'Test business',
      kind: 'agency',
      state: business.state ?? 'active',
      policySyncEnabled: true,
      userNpns: business.userNpns,
      change: 'created',
      changedBy: 'fmo-admin-1',
    },
  });
  await applyAccountEvents(service, [event]);
}

/**
 * The policy activities, with the business a page names made known first, with the page's FMO and
 * NPNs (as its events would have): for tests of the copy rules, not of the scope check itself.
 */
export function withBusinessesKnown(service: TestService, activities: AgentCrmPolicyActivities): AgentCrmPolicyActivities {
  return {
    ...activities,
    async copyPolicyPage(input) {
      if (isBusinessTenant(input.businessId) && input.fmoTenantId && input.fmoTenantId !== input.businessId) {
        await registerBusiness(service, { businessId: input.businessId, fmoTenantId: input.fmoTenantId, userNpns: [...new Set(input.npns)] });
      }
      return activities.copyPolicyPage(input);
    },
  };
}
