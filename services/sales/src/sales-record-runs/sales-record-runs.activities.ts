import type { SalesRecordRunActivities } from '@agencyflow/contracts';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { completeRun, decideRunPage, planRunPages } from '../db/sales-run-store';
import { accountIndividuals, type IndividualSource } from './account-individuals';

/**
 * The sales side of a run (SR-2..SR-4, SR-6), as activities of createSalesRecordsWorkflow on the
 * sales task queue: each acts as the run's tenant (row-level security) and pulls the page's rows
 * from the account service itself, so no row passes through Temporal.
 */
export function createSalesRecordRunActivities(
  { database, config }: Pick<ServiceDeps, 'database' | 'config'>,
  individuals: IndividualSource = accountIndividuals(config),
): SalesRecordRunActivities {
  return {
    createSalesRecordsPage: (input) =>
      forTenants(database, input.tenantId).db.transaction((tx) => decideRunPage(tx, input, (ids) => individuals.sources(input.tenantId, ids))),
    planSalesRecordRunPages: async (input) => ({ throughs: await forTenants(database, input.tenantId).db.transaction((tx) => planRunPages(tx, input)) }),
    completeSalesRecordRun: ({ tenantId, runId }) => forTenants(database, tenantId).db.transaction((tx) => completeRun(tx, tenantId, runId)),
  };
}
