import { z } from 'zod';
import {
  authFragment,
  databaseFragment,
  fieldEncryptionFragment,
  httpFragment,
  kafkaFragment,
  loadConfig,
  logFragment,
  modeFragment,
  payloadKeysFragment,
  temporalFragment,
} from '@agencyflow/config';
import type { ServiceName } from '@agencyflow/contracts';

export const defaultPorts: Record<ServiceName, number> = { account: 3001, policy: 3002, sales: 3003, finance: 3004 };

/** The config schema every service deployable shares; defaults are the local ones. */
export function serviceConfigSchema(service: ServiceName) {
  return z.object({
    ...modeFragment,
    ...httpFragment(defaultPorts[service]),
    ...databaseFragment(service),
    ...kafkaFragment,
    ...temporalFragment,
    ...payloadKeysFragment,
    ...authFragment,
    ...fieldEncryptionFragment,
    ...logFragment,
    /** Published outbox rows are deleted after this long (default 1 hour). */
    OUTBOX_RETENTION_MS: z.coerce.number().int().min(0).default(60 * 60 * 1000),
    /** Inbox rows are deleted after this long (default 7 days); keep it above how long Kafka can redeliver. */
    INBOX_RETENTION_MS: z.coerce.number().int().positive().default(7 * 24 * 60 * 60 * 1000),
    /** Bytes of contact files one tenant may store (default 1 GiB); an upload past it is refused with 409. */
    FILE_QUOTA_BYTES_PER_TENANT: z.coerce.number().int().positive().default(1024 ** 3),
    /**
     * How long a caller's resolved permissions are reused (default 30 s, 0: never). A change to the
     * tenant's groups drops them at once on the instance that applies it; others within this time.
     */
    PERMISSION_CACHE_TTL_MS: z.coerce.number().int().min(0).default(30_000),
    /**
     * How long a SIGTERM drain may take (default 25 s, under Kubernetes' 30 s grace period): in-flight
     * requests, consumer batches and activities get this long to finish; the process then exits anyway
     * (unfinished work is redelivered: the outbox, Kafka offsets and Temporal retries make that safe).
     */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().positive().default(25_000),
    /** Where the policy service answers (internal calls, e.g. the account side of a policy sync). */
    POLICY_SERVICE_URL: z.url().default(`http://127.0.0.1:${defaultPorts.policy}`),
    /**
     * The finance service: how long a day of the address-review reminder and expiry is, in seconds
     * (default 86,400). Tests and demos shorten it; a deployment leaves it alone (decision 0032).
     */
    FINANCE_REVIEW_DAY_SECONDS: z.coerce.number().int().positive().default(24 * 60 * 60),
    /**
     * How long a reviewer's approve or reject waits for the review's workflow to take the decision
     * (default 15 s); past it the answer is 504 and says the decision may still apply (decision 0032).
     */
    FINANCE_DECISION_WAIT_MS: z.coerce.number().int().positive().default(15_000),
    /** How many activities the service's worker runs at once (default: the service's own choice, 20 unless it says). */
    ACTIVITY_SLOTS: z.coerce.number().int().positive().optional(),
    /** How long one call to a tenant's AMS may take before it counts as a timeout (AMS-4; default 8 s). */
    AMS_CALL_TIMEOUT_MS: z.coerce.number().int().positive().default(8_000),
    /** How long the AMS calls of one contact keep being retried before the contact fails (AMS-4; default 10 min). */
    AMS_RETRY_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
    /** How often the inbound poll also reads everything the AMS holds, to find changes it missed (AMS-7; default 1 h). */
    AMS_RECONCILE_EVERY_SECONDS: z.coerce.number().int().positive().default(3_600),
    /** Where the account service answers (internal calls, e.g. the individuals of a sales-record run). */
    ACCOUNT_SERVICE_URL: z.url().default(`http://127.0.0.1:${defaultPorts.account}`),
    /** Where the sales service sends the emails of sales workflows (SR-5): locally the mail catcher `npm start` runs. */
    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    SMTP_PORT: z.coerce.number().int().positive().default(1025),
    /** The sender of sales-workflow emails. */
    SMTP_FROM: z.string().min(3).default('AgencyFlow <no-reply@agencyflow.local>'),
    /** SMTP credentials, when the server asks for them (a credential: never logged). */
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
  });
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceConfigSchema>>;

export const loadServiceConfig = (service: ServiceName, env: Record<string, string | undefined> = process.env) =>
  loadConfig(serviceConfigSchema(service), env);
