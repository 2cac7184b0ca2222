import type { AmsKind } from '@agencyflow/contracts';
import type { AmsAdapter } from './ams-adapter';
import { ams360Adapter } from './ams360-adapter';
import { amsHttp } from './ams-http';
import { hawksoftAdapter } from './hawksoft-adapter';
import { nowcertsAdapter } from './nowcerts-adapter';
import { qqcatalystAdapter } from './qqcatalyst-adapter';

export type { AmsAdapter, AmsPerson, AmsInboundRecord, AmsChanges } from './ams-adapter';
export { AmsCallError } from './ams-errors';

/** How each dialect authenticates: AMS360 a token header, QQCatalyst and NowCerts a bearer token, HawkSoft Basic. */
function authHeaders(kind: AmsKind, credentials: string): Record<string, string> {
  if (kind === 'ams360') return { 'x-ams360-token': credentials };
  if (kind === 'hawksoft') return { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
  return { authorization: `Bearer ${credentials}` };
}

/** AMS-1: the adapter of a tenant's connection, its calls paced by `beforeCall` (the tenant's rate limit). */
export function amsAdapterFor(
  connection: { kind: AmsKind; baseUrl: string; credentials: string },
  options: { beforeCall: () => Promise<void>; timeoutMs: number },
): AmsAdapter {
  const call = amsHttp({
    baseUrl: connection.baseUrl,
    headers: authHeaders(connection.kind, connection.credentials),
    ...(connection.kind === 'hawksoft' ? { query: { version: '3.0' } } : {}),
    ...options,
  });
  const adapters: Record<AmsKind, () => AmsAdapter> = {
    ams360: () => ams360Adapter(call),
    qqcatalyst: () => qqcatalystAdapter(call),
    nowcerts: () => nowcertsAdapter(call),
    hawksoft: () => hawksoftAdapter(call),
  };
  return adapters[connection.kind]();
}
