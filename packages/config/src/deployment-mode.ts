import { z } from 'zod';
import { DEV_FIELD_KEY, DEV_FINGERPRINT_KEY, DEV_JWT_SECRET, DEV_PAYLOAD_KEY } from './fragments';

/**
 * Which kind of deployment this is. `production` (the default) refuses every committed
 * development secret; `development` (set by `npm start`, the tests and the benchmarks) allows
 * them, but only on loopback, where nobody else can reach what they protect.
 */
export const modeFragment = {
  AGENCYFLOW_MODE: z.enum(['production', 'development']).default('production'),
};

const keyMaterial = (pairs: string) => pairs.split(',').map((pair) => pair.slice(pair.indexOf(':') + 1).trim());
const devKeyMaterial = new Set([...keyMaterial(DEV_PAYLOAD_KEY), ...keyMaterial(DEV_FIELD_KEY)]);

/** Each setting that holds a development value, by name (never the value). */
const developmentValues: Record<string, (value: unknown) => boolean> = {
  JWT_SECRET: (v) => v === DEV_JWT_SECRET,
  PAYLOAD_KEYS: (v) => typeof v === 'string' && keyMaterial(v).some((k) => devKeyMaterial.has(k)),
  FIELD_ENCRYPTION_KEYS: (v) => typeof v === 'string' && keyMaterial(v).some((k) => devKeyMaterial.has(k)),
  FIELD_FINGERPRINT_KEY: (v) => v === DEV_FINGERPRINT_KEY,
  CODEC_TRUST_UI_ORIGIN: (v) => v === true,
};

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Problems that make a parsed configuration unsafe to run with: development secrets outside
 * development mode, or development mode listening beyond loopback. Empty when it is safe.
 */
export function deploymentProblems(config: Record<string, unknown>): string[] {
  if (!('AGENCYFLOW_MODE' in config)) return [];
  if (config.AGENCYFLOW_MODE === 'development') {
    return ['HOST', 'CODEC_SERVER_HOST']
      .filter((name) => typeof config[name] === 'string' && !loopback.has(config[name] as string))
      .map((name) => `${name}: development mode (AGENCYFLOW_MODE=development) serves on loopback only (127.0.0.1, ::1, localhost)`);
  }
  return Object.entries(developmentValues)
    .filter(([name, isDevelopmentValue]) => name in config && isDevelopmentValue(config[name]))
    .map(([name]) =>
      name === 'CODEC_TRUST_UI_ORIGIN'
        ? `${name}: credentialed CORS for the Temporal UI's origin is for local development only (AGENCYFLOW_MODE=development)`
        : `${name}: is the committed development value; set a secret of your own (see .env.example), or AGENCYFLOW_MODE=development on a laptop`,
    );
}
