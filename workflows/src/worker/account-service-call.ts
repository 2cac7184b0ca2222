import type { Permission } from '@agencyflow/contracts';
import { postWithServiceToken, serviceAudience } from '@agencyflow/http';

/** Where the codec server reaches the account service, and how it signs its service tokens. */
export interface AccountServicePeer {
  ACCOUNT_SERVICE_URL: string;
  JWT_SECRET: string;
  JWT_ISSUER: string;
}

/**
 * One internal POST from the codec server to the account service, for one tenant, with a
 * short-lived service token carrying just `permission`. Undefined when the account service cannot
 * be reached in 5 s; the caller decides what that means.
 */
export function postToAccountService(peer: AccountServicePeer, call: { path: string; tenantId: string; permission: Permission; body: unknown }): Promise<Response | undefined> {
  return postWithServiceToken({
    secret: peer.JWT_SECRET,
    issuer: peer.JWT_ISSUER,
    subject: 'codec-server',
    audience: serviceAudience('account'),
    tenantId: call.tenantId,
    url: new URL(call.path, peer.ACCOUNT_SERVICE_URL),
    permission: call.permission,
    body: call.body,
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined);
}
