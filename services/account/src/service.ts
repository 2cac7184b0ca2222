import { mountRoutes } from '@agencyflow/http';
import type { AgentCrmAccountActivities } from '@agencyflow/contracts';
import { createAmsSyncActivities } from './ams-sync/ams-sync.activities';
import { amsSyncRequestsConsumer } from './ams-sync/ams-sync-requests.consumer';
import { amsSyncRoutes } from './ams-sync/ams-sync.routes';
import { createServiceProbeActivities, type ServiceDefinition, type ServiceDeps } from '@agencyflow/service-kit';
import * as schema from './db/schema';
import { accountRoutes } from './accounts/accounts.routes';
import { createProvisioningActivities } from './agent-crm/agent-crm.activities';
import { agentCrmRoutes } from './agent-crm/agent-crm.routes';
import { attachmentRoutes } from './contacts/attachments.routes';
import { contactRoutes } from './contacts/contacts.routes';
import { historyConsumer } from './history/history.consumer';
import { individualSearchRoutes } from './individual-search/individual-search.routes';
import { individualTransferRoutes } from './individual-transfer/individual-transfer.routes';
import { createPolicySyncActivities } from './policy-sync/policy-sync.activities';
import { policySummariesConsumer } from './policy-summaries/policy-summaries.consumer';
import { policySyncRequestsConsumer } from './policy-sync/sync-requests.consumer';
import { savedSearchRoutes } from './saved-searches/saved-searches.routes';
import { accountGroupSource } from './security-groups/security-group-source';
import { securityGroupRoutes } from './security-groups/security-groups.routes';
import { settingsRoutes } from './settings/settings.routes';
import { accountOpenApi } from './openapi';
import { accessLogConsumer } from './protected-data-access/access-log.consumer';
import { accessLogRoutes } from './protected-data-access/access-log.routes';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The account side of the Agent CRM workflows, on the service's own task queue (they touch its data only). */
const agentCrmActivities = (deps: ServiceDeps): AgentCrmAccountActivities => ({
  ...createProvisioningActivities(deps),
  ...createPolicySyncActivities(deps),
});

/** The account service: accounts and contacts (ACC-*). */
export const accountService: ServiceDefinition = {
  name: 'account',
  schema,
  openapi: accountOpenApi,
  routes: (deps) =>
    mountRoutes(
      [
        ...accountRoutes(deps),
        ...contactRoutes(deps),
        ...attachmentRoutes(deps),
        ...settingsRoutes(deps),
        ...agentCrmRoutes(deps),
        ...securityGroupRoutes(deps),
        ...individualSearchRoutes(deps),
        ...savedSearchRoutes(deps),
        ...accessLogRoutes(deps),
        ...individualTransferRoutes(deps),
        ...amsSyncRoutes(deps),
      ],
      deps,
    ),
  // It owns the tenants' security groups (X-3): callers resolve against its own tables.
  securityGroups: accountGroupSource,
  consumers: (deps) => [policySummariesConsumer(), historyConsumer(), policySyncRequestsConsumer(deps), accessLogConsumer(), amsSyncRequestsConsumer(deps)],
  streamedMediaTypes: ['application/octet-stream'],
  activities: (deps) => ({ ...createServiceProbeActivities('account', deps.database), ...agentCrmActivities(deps), ...createAmsSyncActivities(deps) }),
  // An AMS call waits for its tenant's next rate-limit slot while it holds a worker slot: with 20, a
  // tenant's backlog could not keep its limit busy (bench ams-sync: 8.2 calls/s of 10; 10.0 with 100).
  activitySlots: 100,
};
