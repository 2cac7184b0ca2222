import { z } from 'zod';

/** Reusable pieces of the per-deployable config schemas. All defaults are local. */

/** An optional setting: unset and empty both mean absent. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => v || undefined);

/** "true" or "false" (unset: false). */
const bool = z
  .enum(['true', 'false', ''])
  .default('false')
  .transform((v) => v === 'true');

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const databaseFragment = (defaultDatabase: string) => ({
  DATABASE_URL: z.url().default(`postgres://postgres@127.0.0.1:5432/${defaultDatabase}`),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  /**
   * Long bulk transactions (a carrier file streaming in) run on a pool of their own, this big, so
   * however many arrive they never take the connections requests, consumers and activities need.
   */
  BULK_DATABASE_POOL_MAX: z.coerce.number().int().positive().default(2),
  /** A bulk transaction waiting this long on its client (an upload that stalls) is ended by the database. */
  BULK_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
});

export const kafkaFragment = {
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((v) => v.split(',').map((b) => b.trim()).filter(Boolean)),
  /** Isolates parallel test runs; empty in real deployments. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /** TLS to the brokers (a managed cluster). Implied by any of the KAFKA_SSL_*_PATH files. */
  KAFKA_SSL: bool,
  /** PEM files: a private CA, and a client certificate and key for mutual TLS (mounted from a secret). */
  KAFKA_SSL_CA_PATH: optionalText,
  KAFKA_SSL_CERT_PATH: optionalText,
  KAFKA_SSL_KEY_PATH: optionalText,
  /** SASL: empty (none), plain, scram-sha-256, scram-sha-512 (with KAFKA_SASL_USERNAME/PASSWORD) or oauthbearer (with KAFKA_OAUTH_*). */
  KAFKA_SASL_MECHANISM: z
    .enum(['', 'plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer'])
    .default('')
    .transform((v) => v || undefined),
  KAFKA_SASL_USERNAME: optionalText,
  /** A credential: never logged. */
  KAFKA_SASL_PASSWORD: optionalText,
  /** OAUTHBEARER: the identity provider's token endpoint, and this deployable's client credentials. */
  KAFKA_OAUTH_TOKEN_URL: z
    .union([z.literal(''), z.url({ protocol: /^https?$/ })])
    .default('')
    .transform((v) => v || undefined),
  KAFKA_OAUTH_CLIENT_ID: optionalText,
  /** A credential: never logged. */
  KAFKA_OAUTH_CLIENT_SECRET: optionalText,
  KAFKA_OAUTH_SCOPE: optionalText,
  /** Partitions of each topic `npm run kafka:topics` creates. */
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().positive().default(3),
  /** Brokers each partition is kept on: 3 on a managed cluster; -1 takes the broker's default.replication.factor. */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(-1).refine((v) => v !== 0, 'at least 1, or -1 (the broker default)').default(-1),
};

/**
 * Temporal: the local dev server by default; a self-hosted cluster (mTLS) or Temporal Cloud (API
 * key or mTLS) through the SDK's environment configuration, whose variable names these are
 * (@temporalio/envconfig: a TEMPORAL_CONFIG_FILE profile is read too, these override it).
 * TEMPORAL_API_KEY and the *_DATA key material are credentials: never logged.
 */
export const temporalFragment = {
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_API_KEY: optionalText,
  /** "true": TLS with the system CAs (implied by an API key or a client certificate). */
  TEMPORAL_TLS: optionalText,
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalText,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalText,
  TEMPORAL_TLS_CLIENT_CERT_DATA: optionalText,
  TEMPORAL_TLS_CLIENT_KEY_DATA: optionalText,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalText,
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_CONFIG_FILE: optionalText,
  TEMPORAL_PROFILE: optionalText,
  TASK_QUEUE_PREFIX: z.string().default(''),
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  /**
   * host:port where the Temporal SDK serves its own Prometheus metrics (workers, polls, activity
   * latencies); the deployable's /metrics appends them. Empty: the SDK exports none.
   */
  TEMPORAL_METRICS_ADDRESS: z
    .string()
    .regex(/^(\d{1,3}(\.\d{1,3}){3}|localhost):\d{1,5}$/, 'host:port, e.g. 127.0.0.1:9464')
    .or(z.literal(''))
    .default(''),
};

/**
 * Payload encryption keys: "keyId:base64(32 bytes)" pairs, comma separated. The active key
 * encrypts; every listed key decrypts, so keys can rotate without losing old histories.
 * The default is a well-known development key: never use it outside a laptop.
 */
export const DEV_PAYLOAD_KEY = 'dev-2026:ZGV2LW9ubHktcGF5bG9hZC1rZXktMzItYnl0ZXMhISE=';
export const payloadKeysFragment = {
  PAYLOAD_KEYS: z.string().default(DEV_PAYLOAD_KEY),
  PAYLOAD_ACTIVE_KEY_ID: z.string().default('dev-2026'),
};

/**
 * Authentication. JWTs are HS256 with a shared secret (claims: sub, tenant, permissions);
 * API keys are a JSON map from key to principal, meant for service-to-service calls and local use.
 */
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';

/** The audience a token for every deployable of the platform carries (a deployable also accepts its own). */
export const PLATFORM_AUDIENCE = 'agencyflow';

/** How an API key is stored: the SHA-256 of the key, never the key (`npm run api-key` makes both). */
export const hashedApiKey = /^sha256:[0-9a-f]{64}$/;

/**
 * API_KEYS_JSON: `{"sha256:<hex>": {"sub", "tenant", "permissions": [...]}}`. Parsed here so a
 * bad value is a configuration error that names what is wrong and echoes nothing of it.
 */
const apiKeysJson = z
  .string()
  .default('{}')
  .transform((raw, ctx): Record<string, unknown> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON (its value is not shown)' });
      return z.NEVER;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object mapping hashed keys to principals' });
      return z.NEVER;
    }
    Object.keys(parsed).forEach((key, index) => {
      if (!hashedApiKey.test(key)) {
        ctx.addIssue({ code: 'custom', message: `entry ${index + 1}: a key is stored hashed, as "sha256:<64 hex digits>" (npm run api-key makes one)` });
      }
    });
    return parsed as Record<string, unknown>;
  });

export const authFragment = {
  JWT_SECRET: z.string().min(32).default(DEV_JWT_SECRET),
  JWT_ISSUER: z.string().default('agencyflow'),
  /** Tokens older than this (by `iat`) are refused, whatever their `exp` says. */
  JWT_MAX_AGE: z.string().regex(/^\d+[smhd]$/, 'a duration such as 30m, 12h or 1d').default('24h'),
  /** Clock skew allowed between the token issuer and this deployable, in seconds. */
  JWT_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
  API_KEYS_JSON: apiKeysJson,
  /**
   * An identity provider's JSON Web Key Set: when set, RS256 and ES256 tokens it signed are
   * accepted besides the local HS256 ones (decision 0005). Empty: local tokens only.
   */
  JWT_JWKS_URL: z
    .union([z.literal(''), z.url({ protocol: /^https?$/ })])
    .default('')
    .transform((v) => v || undefined),
  /** The `iss` the identity provider's tokens carry; required with JWT_JWKS_URL (never JWT_ISSUER's stand-in). */
  JWT_JWKS_ISSUER: z
    .string()
    .default('')
    .transform((v) => v || undefined),
};

/** Keys for protected fields at rest, same format and dev-default warning as PAYLOAD_KEYS. */
export const DEV_FIELD_KEY = 'dev-2026:ZGV2LW9ubHktZmllbGQtZW5jcnlwdGlvbi1rZXkhISE=';
export const DEV_FINGERPRINT_KEY = 'ZGV2LW9ubHktZmluZ2VycHJpbnQta2V5LTMyLWJ5dGU=';
export const fieldEncryptionFragment = {
  FIELD_ENCRYPTION_KEYS: z.string().default(DEV_FIELD_KEY),
  FIELD_ENCRYPTION_ACTIVE_KEY_ID: z.string().default('dev-2026'),
  /** base64(32 bytes); never rotated: fingerprints derived from it are stored identities. */
  FIELD_FINGERPRINT_KEY: z.string().default(DEV_FINGERPRINT_KEY),
};

export const httpFragment = (defaultPort: number) => ({
  PORT: port(defaultPort),
  HOST: z.string().default('127.0.0.1'),
  JSON_BODY_LIMIT: z.string().default('1mb'),
});

export const logFragment = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};
