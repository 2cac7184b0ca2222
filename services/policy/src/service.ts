import { Router } from 'express';
import { mountRoutes } from '@agencyflow/http';
import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import { createAgentCrmPolicyActivities } from './policy-sync/agent-crm.activities';
import { accountEventsConsumer } from './account-directory/account-events.consumer';
import { createCarrierFeedImportActivities } from './carrier-feeds/carrier-feed-import.activities';
import { importRequestsConsumer } from './carrier-feeds/import-requests.consumer';
import * as schema from './db/schema';
import { agentCrmRoutes } from './policy-sync/agent-crm.routes';
import { carrierFeedRoutes, csvContentTypes, csvOnlyForCarrierFeeds } from './carrier-feeds/carrier-feeds.routes';
import { policyRoutes } from './policies/policies.routes';
import { policySyncTransferRoutes } from './policy-sync/policy-sync-transfer.routes';
import { policyOpenApi } from './openapi';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The policy service: policies, carrier feeds, policy sync (PS-*). */
export const policyService: ServiceDefinition = {
  name: 'policy',
  schema,
  openapi: policyOpenApi,
  routes: (deps) =>
    Router().use(csvOnlyForCarrierFeeds, mountRoutes([...policyRoutes(deps), ...carrierFeedRoutes(deps), ...agentCrmRoutes(deps), ...policySyncTransferRoutes(deps)], deps)),
  // POST /carrier-feeds reads text/csv as a stream (PS-2); every other body must be JSON.
  streamedMediaTypes: csvContentTypes,
  consumers: (deps) => [accountEventsConsumer(), importRequestsConsumer(deps)],
  activities: (deps) => ({ ...createServiceProbeActivities('policy', deps.database), ...createAgentCrmPolicyActivities(deps), ...createCarrierFeedImportActivities(deps) }),
};
