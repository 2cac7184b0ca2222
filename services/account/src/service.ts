import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import * as schema from './db/schema';
import { createAgentCrmAccountActivities } from './agent-crm/agent-crm.activities';
import { historyConsumer } from './consumers/history.consumer';
import { policySummariesConsumer } from './consumers/policy-summaries.consumer';
import { accountServiceRoutes } from './http/routes';
import { accountOpenApi } from './openapi';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The account service: accounts and contacts (ACC-*). */
export const accountService: ServiceDefinition = {
  name: 'account',
  schema,
  openapi: accountOpenApi,
  routes: accountServiceRoutes,
  consumers: () => [policySummariesConsumer(), historyConsumer()],
  streamedMediaTypes: ['application/octet-stream'],
  activities: (deps) => ({ ...createServiceProbeActivities('account', deps.database), ...createAgentCrmAccountActivities(deps) }),
};
