import { Router } from 'express';
import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import * as schema from './db/schema';
import { contactRoutes } from './contacts/contacts.routes';
import { customerRoutes } from './customers/customers.routes';
import { documentRoutes } from './documents/documents.routes';
import { historyRoutes } from './history/history.routes';
import { programRoutes } from './programs/programs.routes';
import { financeOpenApi } from './openapi';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The finance service: premium-finance programs, customers and contacts (FIN-*). */
export const financeService: ServiceDefinition = {
  name: 'finance',
  schema,
  openapi: financeOpenApi,
  routes: (deps) => Router().use(programRoutes(deps), customerRoutes(deps), contactRoutes(deps), documentRoutes(deps), historyRoutes(deps)),
  // Verification documents are uploaded as their bytes.
  streamedMediaTypes: ['application/octet-stream'],
  activities: ({ database }) => ({ ...createServiceProbeActivities('finance', database) }),
};
