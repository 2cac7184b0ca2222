import { Router } from 'express';
import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import * as schema from './db/schema';
import { financeOpenApi } from './openapi';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The finance service: premium-finance programs, customers and contacts (FIN-*). */
export const financeService: ServiceDefinition = {
  name: 'finance',
  schema,
  openapi: financeOpenApi,
  routes: () => Router(),
  activities: ({ database }) => ({ ...createServiceProbeActivities('finance', database) }),
};
