import type { Permission } from '@agencyflow/contracts';
import { issueServiceToken, serviceAudience } from '@agencyflow/http';

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
export async function postToAccountService(peer: AccountServicePeer, call: { path: string; tenantId: string; permission: Permission; body: unknown }): Promise<Response | undefined> {
  const token = await issueServiceToken({
    secret: peer.JWT_SECRET,
    issuer: peer.JWT_ISSUER,
    subject: 'codec-server',
    audience: serviceAudience('account'),
    tenantId: call.tenantId,
    permissions: [call.permission],
  });
  return fetch(new URL(call.path, peer.ACCOUNT_SERVICE_URL), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(call.body),
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined);
}
