import { mountRoutes } from '@agencyflow/http';
import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import * as schema from './db/schema';
import { systemProbeRoutes } from './http/system-probe.routes';
import { salesOpenApi } from './openapi';
import { runRequestsConsumer } from './sales-record-runs/run-requests.consumer';
import { createSalesRecordRunActivities } from './sales-record-runs/sales-record-runs.activities';
import { salesRecordRunRoutes } from './sales-record-runs/sales-record-runs.routes';
import { salesRecordTypeRoutes } from './sales-record-types/sales-record-types.routes';
import { salesRecordRoutes } from './sales-records/sales-records.routes';
import { cohortStartsConsumer } from './sales-workflows/cohort-starts.consumer';
import { createSalesWorkflowCohortActivities } from './sales-workflows/sales-workflow-cohorts.activities';
import { salesWorkflowRoutes } from './sales-workflows/sales-workflows.routes';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The sales service: sales record types, sales records, the mass runs that create them (SR-2..SR-6), sales workflows run in cohorts (SR-5), operator probes. */
export const salesService: ServiceDefinition = {
  name: 'sales',
  schema,
  openapi: salesOpenApi,
  routes: (deps) =>
    mountRoutes([...systemProbeRoutes(deps), ...salesRecordTypeRoutes(deps), ...salesRecordRunRoutes(deps), ...salesRecordRoutes(deps), ...salesWorkflowRoutes(deps)], deps),
  consumers: (deps) => [runRequestsConsumer(deps), cohortStartsConsumer(deps)],
  activities: (deps) => ({ ...createServiceProbeActivities('sales', deps.database), ...createSalesRecordRunActivities(deps), ...createSalesWorkflowCohortActivities(deps) }),
};
