import { z } from 'zod';
import { defineEvent } from '../define-event';

/**
 * An Agent CRM business was provisioned, activated, changed (policy sync on/off, an agent
 * added) or removed (compensation). State-carrying; keyed by the business id. `deleted` also
 * says that everything in the business's tenant (accounts, contacts, their history) went with it,
 * in the same transaction: one event for the whole tenant, not one per account.
 */
export const agentCrmBusinessChangedV1 = defineEvent({
  type: 'account.agent-crm-business-changed',
  version: 1,
  aggregateType: 'agent-crm-business',
  topic: 'account.events',
  schema: z.object({
    businessId: z.uuid(),
    fmoTenantId: z.string().min(1),
    name: z.string(),
    kind: z.enum(['agent', 'agency']),
    state: z.enum(['provisioning', 'active', 'deleted']),
    policySyncEnabled: z.boolean(),
    userNpns: z.array(z.string()),
    change: z.enum(['created', 'activated', 'policy-sync-enabled', 'policy-sync-disabled', 'agent-added', 'deleted']),
    changedBy: z.string().min(1),
  }),
});
