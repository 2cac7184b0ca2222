import type { Permission } from '@agencyflow/contracts';
import { issueServiceToken, serviceAudience } from '@agencyflow/http';
import type { ServiceConfig } from '@agencyflow/service-kit';

export type AccountServicePeer = Pick<ServiceConfig, 'ACCOUNT_SERVICE_URL' | 'JWT_SECRET' | 'JWT_ISSUER'>;

/**
 * One internal POST to the account service for one tenant, with a short-lived service token that
 * carries only `permission` (a platform permission no security group grants).
 */
export async function postToAccountService(peer: AccountServicePeer, call: { tenantId: string; permission: Permission; path: string; body: unknown }): Promise<Response> {
  const token = await issueServiceToken({
    secret: peer.JWT_SECRET,
    issuer: peer.JWT_ISSUER,
    subject: 'sales-service',
    audience: serviceAudience('account'),
    tenantId: call.tenantId,
    permissions: [call.permission],
  });
  return fetch(new URL(call.path, peer.ACCOUNT_SERVICE_URL), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(call.body),
  });
}
