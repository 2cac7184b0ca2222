import { Router } from 'express';
import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import { createAgentCrmPolicyActivities } from './activities/agent-crm.activities';
import { accountEventsConsumer } from './consumers/account-events.consumer';
import * as schema from './db/schema';
import { agentCrmRoutes } from './http/agent-crm.routes';
import { carrierFeedRoutes, csvContentTypes, csvOnlyForCarrierFeeds } from './http/carrier-feeds.routes';
import { policyRoutes } from './http/policies.routes';
import { policySyncTransferRoutes } from './http/policy-sync-transfer.routes';
import { policyOpenApi } from './openapi';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The policy service: policies, carrier feeds, policy sync (PS-*). */
export const policyService: ServiceDefinition = {
  name: 'policy',
  schema,
  openapi: policyOpenApi,
  routes: (deps) => Router().use(csvOnlyForCarrierFeeds, policyRoutes(deps), carrierFeedRoutes(deps), agentCrmRoutes(deps), policySyncTransferRoutes(deps)),
  // POST /carrier-feeds reads text/csv as a stream (PS-2); every other body must be JSON.
  streamedMediaTypes: csvContentTypes,
  consumers: () => [accountEventsConsumer()],
  activities: (deps) => ({ ...createServiceProbeActivities('policy', deps.database), ...createAgentCrmPolicyActivities(deps) }),
};
