import { inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { takeAmsCallSlot, type AmsConnectionRow } from '../db/ams-store';
import { amsAdapterFor, type AmsAdapter } from './adapters';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HEARTBEAT_EVERY_MS = 5_000;

/**
 * The adapter of a tenant's connection: credentials decrypted here, in memory, for the calls
 * only; every call first takes the tenant's next call slot (the per-tenant rate limit across all
 * its accounts and every worker) and waits for it. `beforeCall` also runs before each call
 * (an activity's heartbeat).
 */
export function adapterOf(
  { database, fieldCipher, config }: Pick<ServiceDeps, 'database' | 'fieldCipher' | 'config'>,
  connection: AmsConnectionRow,
  beforeCall: () => void = () => undefined,
): AmsAdapter {
  return amsAdapterFor(
    { kind: connection.kind, baseUrl: connection.baseUrl, credentials: fieldCipher.decrypt(connection.credentials) },
    {
      timeoutMs: config.AMS_CALL_TIMEOUT_MS,
      beforeCall: async () => {
        beforeCall();
        const wait = await inTenant(database, connection.tenantId, (tx) => takeAmsCallSlot(tx, connection.tenantId, connection.rateLimitPerSecond));
        // A long wait (a low limit, many accounts at once) heartbeats as it goes.
        for (let left = wait; left > 0; left -= HEARTBEAT_EVERY_MS) {
          await sleep(Math.min(left, HEARTBEAT_EVERY_MS));
          if (left > HEARTBEAT_EVERY_MS) beforeCall();
        }
      },
    },
  );
}
