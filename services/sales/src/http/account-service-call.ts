import type { Permission } from '@agencyflow/contracts';
import { postWithServiceToken, serviceAudience } from '@agencyflow/http';
import type { ServiceConfig } from '@agencyflow/service-kit';

export type AccountServicePeer = Pick<ServiceConfig, 'ACCOUNT_SERVICE_URL' | 'JWT_SECRET' | 'JWT_ISSUER'>;

/**
 * One internal POST to the account service for one tenant, with a short-lived service token that
 * carries only `permission` (a platform permission no security group grants).
 */
export const postToAccountService = (peer: AccountServicePeer, call: { tenantId: string; permission: Permission; path: string; body: unknown }): Promise<Response> =>
  postWithServiceToken({
    secret: peer.JWT_SECRET,
    issuer: peer.JWT_ISSUER,
    subject: 'sales-service',
    audience: serviceAudience('account'),
    tenantId: call.tenantId,
    url: new URL(call.path, peer.ACCOUNT_SERVICE_URL),
    permission: call.permission,
    body: call.body,
  });
