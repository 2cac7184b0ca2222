import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { defaultPayloadConverter } from '@temporalio/common';
import { DEV_JWT_SECRET } from '@agencyflow/config';
import { createLogger } from '@agencyflow/logger';
import { PermissionResolver } from '@agencyflow/service-kit';
import { EncryptionCodec, parsePayloadKeys, stampTenant } from '@agencyflow/temporal';
import { accountServiceGroupSource } from '../../workflows/src/worker/account-group-source';
import { createCodecServer } from '../../workflows/src/worker/codec-server';
import { accountServiceAccessLog } from '../../workflows/src/worker/decode-access-log';

/**
 * The workflow worker's codec server as the worker wires it (workflows/src/worker/main.ts), in
 * process, against the account service at `accountUrl`: callers resolved against their tenant's
 * groups there, decodes recorded in its access log. With a key of its own, and a sealer for tests.
 */
export function startCodecServer(accountUrl: string): { app: Express; seal: (value: unknown, tenantId: string) => Promise<object> } {
  const codec = new EncryptionCodec(parsePayloadKeys(`k1:${randomBytes(32).toString('base64')}`, 'k1'));
  const peer = { ACCOUNT_SERVICE_URL: accountUrl, JWT_SECRET: DEV_JWT_SECRET, JWT_ISSUER: 'agencyflow' };
  const app = createCodecServer({
    codec,
    logger: createLogger({ name: 'codec-test', level: 'silent' }),
    accessLog: accountServiceAccessLog(peer),
    auth: {
      jwtSecret: DEV_JWT_SECRET,
      jwtIssuer: 'agencyflow',
      audience: ['agencyflow-codec', 'agencyflow'],
      apiKeys: {},
      resolvePrincipal: new PermissionResolver(accountServiceGroupSource(peer), { ttlMs: 0 }).resolve,
    },
    uiOrigin: 'http://127.0.0.1:8233',
    allowUiCredentials: false,
  });
  /** A payload sealed for `tenantId`, as the Temporal UI posts it to /decode. */
  const seal = async (value: unknown, tenantId: string) => {
    const [sealed] = await codec.encode([stampTenant(defaultPayloadConverter.toPayload(value)!, tenantId)]);
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    return { payloads: [{ metadata: Object.fromEntries(Object.entries(sealed!.metadata!).map(([k, v]) => [k, base64(v)])), data: base64(sealed!.data!) }] };
  };
  return { app, seal };
}
