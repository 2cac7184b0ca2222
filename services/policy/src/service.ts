import { Router } from 'express';
import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import { accountDirectoryConsumer } from './consumers/account-directory.consumer';
import * as schema from './db/schema';
import { policyOpenApi } from './openapi';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The policy service: policies, carrier feeds, policy sync (PS-*). */
export const policyService: ServiceDefinition = {
  name: 'policy',
  schema,
  openapi: policyOpenApi,
  routes: () => Router(),
  consumers: () => [accountDirectoryConsumer()],
  activities: ({ database }) => ({ ...createServiceProbeActivities('policy', database) }),
};
