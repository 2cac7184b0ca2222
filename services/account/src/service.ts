import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import * as schema from './db/schema';
import { accountRoutes } from './http/accounts.routes';
import { accountOpenApi } from './openapi';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The account service: accounts and contacts (ACC-*). */
export const accountService: ServiceDefinition = {
  name: 'account',
  schema,
  openapi: accountOpenApi,
  routes: accountRoutes,
  activities: ({ database }) => ({ ...createServiceProbeActivities('account', database) }),
};
