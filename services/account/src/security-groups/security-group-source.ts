import { inTenant, type Database } from '@agencyflow/db';
import type { GroupSource } from '@agencyflow/service-kit';
import { groupsConcerning } from './security-group-queries';

/**
 * The account service owns the security groups: it resolves its callers against its own tables,
 * so a change applies here as soon as it commits (the other services follow the events).
 */
export const accountGroupSource = (database: Database): GroupSource => ({
  groupsFor: (tenantId, subject, names) => inTenant(database, tenantId, (tx) => groupsConcerning(tx, tenantId, subject, names)),
});
