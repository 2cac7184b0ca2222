import { z } from 'zod';
import { authFragment, logFragment, modeFragment, payloadKeysFragment, temporalFragment } from '@agencyflow/config';

export const workerConfigSchema = z.object({
  ...modeFragment,
  ...temporalFragment,
  ...payloadKeysFragment,
  ...authFragment,
  ...logFragment,
  CODEC_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(8234),
  CODEC_SERVER_HOST: z.string().default('127.0.0.1'),
  /**
   * Local development only: let the Temporal UI at TEMPORAL_UI_URL decode without a token
   * (the dev UI has no login to pass one). Never enable where the UI is reachable by others.
   */
  CODEC_TRUST_UI_ORIGIN: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type WorkerConfig = z.infer<typeof workerConfigSchema>;
