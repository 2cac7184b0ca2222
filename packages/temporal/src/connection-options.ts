import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';

/**
 * Where and how a process reaches Temporal: the address, and for a real cluster TLS (mTLS client
 * certificates, a private CA) or a Temporal Cloud API key. Both the client (Connection) and the
 * workers (NativeConnection) connect with it.
 */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

/** A deployable's parsed settings: the TEMPORAL_* strings of temporalFragment are read, the rest ignored. */
export type TemporalSettings = { TEMPORAL_ADDRESS: string } & Record<string, unknown>;

/**
 * The connection described by the SDK's standard environment configuration
 * (@temporalio/envconfig: TEMPORAL_ADDRESS, TEMPORAL_API_KEY, TEMPORAL_TLS_*, and a
 * TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE), read from the deployable's parsed settings rather
 * than process.env, so what was validated is what connects. An API key implies TLS.
 */
export function temporalConnectionOptions(settings: TemporalSettings): TemporalConnectionOptions {
  const env = Object.fromEntries(
    Object.entries(settings).filter((entry): entry is [string, string] => entry[0].startsWith('TEMPORAL_') && typeof entry[1] === 'string' && entry[1] !== ''),
  );
  // No config file unless one is named: a developer's ~/.config/temporalio profile must not
  // redirect the services `npm start` runs.
  const { connectionOptions } = loadClientConnectConfig({ overrideEnvVars: env, disableFile: !env.TEMPORAL_CONFIG_FILE });
  const { address, tls, apiKey, metadata } = connectionOptions;
  return {
    address: address ?? settings.TEMPORAL_ADDRESS,
    ...(tls !== undefined && tls !== null ? { tls } : {}),
    ...(apiKey ? { apiKey: apiKey as string } : {}),
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata: metadata as Record<string, string> } : {}),
  };
}
