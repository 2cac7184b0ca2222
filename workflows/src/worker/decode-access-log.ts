import type { ProtectedDataAccess } from '@agencyflow/contracts';
import { issueServiceToken, serviceAudience } from '@agencyflow/http';

/** Where the codec server records its decodes (X-4, decision 0026). */
export interface DecodeAccessLog {
  /** Records one access in the log of `tenantId`, whose payloads were opened; throws if it cannot. */
  record(tenantId: string, access: ProtectedDataAccess): Promise<void>;
}

/**
 * The account service keeps every tenant's protected-data access log: the codec server posts
 * each decode there, for the tenant whose payloads it opened, with a short-lived service token
 * that carries only `protected-data:record`.
 */
export function accountServiceAccessLog(config: { ACCOUNT_SERVICE_URL: string; JWT_SECRET: string; JWT_ISSUER: string }): DecodeAccessLog {
  return {
    async record(tenantId, access) {
      const token = await issueServiceToken({
        secret: config.JWT_SECRET,
        issuer: config.JWT_ISSUER,
        subject: 'codec-server',
        audience: serviceAudience('account'),
        tenantId,
        permissions: ['protected-data:record'],
      });
      const response = await fetch(new URL('/protected-data-access', config.ACCOUNT_SERVICE_URL), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(access),
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok) throw new Error(`the account service answered ${response.status} when recording a decode`);
    },
  };
}
