import type { ProtectedDataAccess } from '@agencyflow/contracts';
import { postToAccountService, type AccountServicePeer } from './account-service-call';

/** Where the codec server records its decodes (X-4, decision 0026). */
export interface DecodeAccessLog {
  /** Records one access in the log of `tenantId`, whose payloads were opened; throws if it cannot. */
  record(tenantId: string, access: ProtectedDataAccess): Promise<void>;
}

/**
 * The account service keeps every tenant's protected-data access log: the codec server posts
 * each decode there, for the tenant whose payloads it opened, with a service token that carries
 * only `protected-data:record`.
 */
export function accountServiceAccessLog(peer: AccountServicePeer): DecodeAccessLog {
  return {
    async record(tenantId, access) {
      const response = await postToAccountService(peer, { path: '/protected-data-access', tenantId, permission: 'protected-data:record', body: access });
      if (!response?.ok) throw new Error(`the account service did not record a decode (${response?.status ?? 'unreachable'})`);
    },
  };
}
