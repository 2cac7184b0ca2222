import { ApplicationFailure } from '@temporalio/common';
import { failureTypes, type CarrierFeedImportActivities } from '@agencyflow/contracts';
import { forTenants } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { completeCarrierFeedImport } from './complete-carrier-feed-import';
import { ImportNotFoundError, writeNextFeedPage } from './write-feed-page';

/**
 * The activities of a carrier feed import's workflow (PS-2, decision 0033), on the policy task
 * queue: each runs as the importing tenant (row-level security) and is idempotent, so Temporal may
 * retry any of them after a killed worker, service or database.
 */
export function createCarrierFeedImportActivities({ database, fieldCipher, jobs }: Pick<ServiceDeps, 'database' | 'fieldCipher' | 'jobs'>): CarrierFeedImportActivities {
  const notFound = (error: unknown) =>
    error instanceof ImportNotFoundError ? ApplicationFailure.nonRetryable(error.message, failureTypes.validation) : error;
  return {
    async writeCarrierFeedPage({ tenantId, importId, limit }) {
      try {
        const page = await writeNextFeedPage({ database: forTenants(database, tenantId), fieldCipher }, { importId, limit });
        if (page.outcome === 'written') jobs.countRows('carrier-feed-import', page.rows);
        return page;
      } catch (error) {
        throw notFound(error);
      }
    },
    async completeCarrierFeedImport({ tenantId, importId }) {
      try {
        return await completeCarrierFeedImport({ database: forTenants(database, tenantId) }, importId);
      } catch (error) {
        throw notFound(error);
      }
    },
  };
}
