import { securityGroupResolution, securityGroupResolutionPath } from '@agencyflow/contracts';
import { ProblemError } from '@agencyflow/http';
import type { GroupSource } from '@agencyflow/service-kit';
import { postToAccountService, type AccountServicePeer } from './account-service-call';

const unavailable = new ProblemError(503, 'permissions-unavailable', 'Permissions unavailable', 'The caller’s security groups cannot be read from the account service now: try again.');

/**
 * The codec server keeps no database: it asks the account service, which owns the security
 * groups, for the tenant's groups that concern a caller (X-3, decision 0024), and resolves them
 * like every service. When the account service cannot answer the caller is refused (503), never
 * resolved against the code's defaults in place of the tenant's own groups.
 */
export function accountServiceGroupSource(peer: AccountServicePeer): GroupSource {
  return {
    async groupsFor(tenantId, subject, names) {
      const response = await postToAccountService(peer, { path: securityGroupResolutionPath, tenantId, permission: 'security-groups:resolve', body: { subject, names } });
      if (!response?.ok) throw unavailable;
      const { groups } = securityGroupResolution.parse(await response.json());
      return groups ?? undefined;
    },
  };
}
