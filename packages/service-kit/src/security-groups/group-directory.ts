import { securityGroupChangedV1, type ServiceName } from '@agencyflow/contracts';
import { directoryGroupsFor, inTenant, recordSecurityGroup, type Database } from '@agencyflow/db';
import { on } from '@agencyflow/kafka';
import type { ConsumerSpec } from '../service-runtime';
import type { GroupSource } from './permission-resolver';

/** Resolution against the service's read model of its tenants' groups (security_group_directory). */
export const directoryGroupSource = (database: Database): GroupSource => ({
  groupsFor: (tenantId, subject, names) => inTenant(database, tenantId, (tx) => directoryGroupsFor(tx, tenantId, subject, names)),
});

/**
 * The consumer every service but the account service runs (`<service>.security-groups`): it keeps
 * the read model from the account service's security-group-changed events and, once a change is
 * committed, drops the tenant's cached permissions.
 */
export function securityGroupDirectoryConsumer(service: ServiceName, invalidateTenant: (tenantId: string) => void): ConsumerSpec {
  return {
    name: `${service}.security-groups`,
    topics: ['account.events'],
    handlers: on(securityGroupChangedV1, async (tx, { tenantId, data }) => {
      await recordSecurityGroup(tx, tenantId, data);
    }),
    afterCommit: (events) => {
      const tenants = new Set(events.filter((e) => e.type === securityGroupChangedV1.type).map((e) => e.tenantId));
      for (const tenantId of tenants) invalidateTenant(tenantId);
    },
  };
}
