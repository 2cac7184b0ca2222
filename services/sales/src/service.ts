import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import * as schema from './db/schema';
import { systemProbeRoutes } from './http/system-probe.routes';
import { salesOpenApi } from './openapi';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The sales service: individual search and mass sales-record runs (SR-*), operator probes. */
export const salesService: ServiceDefinition = {
  name: 'sales',
  schema,
  openapi: salesOpenApi,
  routes: systemProbeRoutes,
  activities: ({ database }) => ({ ...createServiceProbeActivities('sales', database) }),
};
