import { z } from 'zod';
import { authFragment, logFragment, modeFragment, payloadKeysFragment, temporalFragment } from '@agencyflow/config';

export const workerConfigSchema = z.object({
  ...modeFragment,
  ...temporalFragment,
  ...payloadKeysFragment,
  ...authFragment,
  ...logFragment,
  /** A prebuilt workflow bundle (npm run build:workflows); unset, the worker bundles the sources as it starts. */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  CODEC_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(8234),
  CODEC_SERVER_HOST: z.string().default('127.0.0.1'),
  /** The account service, which keeps the protected-data access log every decode is recorded in. */
  ACCOUNT_SERVICE_URL: z.url().default('http://127.0.0.1:3001'),
  /**
   * CORS only: let the Temporal UI at TEMPORAL_UI_URL call the codec server with credentials
   * (cookies). It never lets a request through without a token: an Origin header is not a
   * credential (decision 0004). Development only, like every relaxation (decision 0022).
   */
  CODEC_TRUST_UI_ORIGIN: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type WorkerConfig = z.infer<typeof workerConfigSchema>;
