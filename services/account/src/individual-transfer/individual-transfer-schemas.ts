import { z } from 'zod';
import { MAX_SALES_RECORD_SOURCE_IDS } from '@agencyflow/contracts';
import { searchCriteria } from '../individual-search/search-criteria';

/** What a sales-record run acts on (SR-2): criteria, or a saved search of the tenant. */
export const individualMatchesBody = z.union([
  z.strictObject({ criteria: searchCriteria }),
  z.strictObject({ savedSearchId: z.uuid() }),
]);

export const salesRecordSourcesBody = z.strictObject({ ids: z.array(z.uuid()).min(1).max(MAX_SALES_RECORD_SOURCE_IDS) });
