import { mountRoutes } from '@agencyflow/http';
import { createServiceProbeActivities, type ServiceDefinition } from '@agencyflow/service-kit';
import * as schema from './db/schema';
import { createAddressReviewActivities } from './address-reviews/address-review.activities';
import { addressReviewRoutes } from './address-reviews/address-reviews.routes';
import { reviewRequestsConsumer } from './address-reviews/review-requests.consumer';
import { contactRoutes } from './contacts/contacts.routes';
import { customerRoutes } from './customers/customers.routes';
import { documentRoutes } from './documents/documents.routes';
import { historyRoutes } from './history/history.routes';
import { programRoutes } from './programs/programs.routes';
import { financeOpenApi } from './openapi';

export const migrationsFolder = `${__dirname}/../migrations`;

/** The finance service: premium-finance programs, customers and contacts (FIN-*), and the review of address changes on financed programs. */
export const financeService: ServiceDefinition = {
  name: 'finance',
  schema,
  openapi: financeOpenApi,
  routes: (deps) =>
    mountRoutes([...programRoutes(deps), ...customerRoutes(deps), ...contactRoutes(deps), ...documentRoutes(deps), ...historyRoutes(deps), ...addressReviewRoutes(deps)], deps),
  consumers: (deps) => [reviewRequestsConsumer(deps)],
  // Verification documents are uploaded as their bytes.
  streamedMediaTypes: ['application/octet-stream'],
  activities: (deps) => ({ ...createServiceProbeActivities('finance', deps.database), ...createAddressReviewActivities(deps) }),
};
