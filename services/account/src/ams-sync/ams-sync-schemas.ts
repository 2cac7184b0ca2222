import { z } from 'zod';
import { amsKinds } from '@agencyflow/contracts';
import { newestFirstQuery } from '@agencyflow/http';

/** AMS-1: the tenant's one AMS. The credentials are write-only: stored encrypted, never answered. */
export const amsConnectionBody = z
  .strictObject({
    kind: z.enum(amsKinds),
    baseUrl: z.url({ protocol: /^https?$/ }).max(500),
    /** The AMS's API credentials as it takes them (AMS360 token, QQCatalyst/NowCerts bearer token, HawkSoft user:password). */
    credentials: z.string().min(1).max(2000),
    /** AMS-7: how often the inbound poll runs (HawkSoft recommends 1 to 24 hours). */
    pollIntervalSeconds: z.number().int().min(5).max(86_400).default(3_600),
    /** Calls per second the AMS takes from this tenant; every AMS call of the tenant is paced to it. */
    rateLimitPerSecond: z.number().min(0.1).max(1_000).default(10),
  })
  .meta({
    example: { kind: 'ams360', baseUrl: 'http://127.0.0.1:4010/ams360/demo', credentials: 'demo-token', pollIntervalSeconds: 3600, rateLimitPerSecond: 10 },
  });
export type AmsConnectionBody = z.infer<typeof amsConnectionBody>;

export const amsSyncRequestIdParams = z.strictObject({ requestId: z.uuid() });

/** The tenant's sync requests, newest first: by state, account, contact and request time. */
export const listAmsSyncRequestsQuery = z.strictObject({
  state: z.enum(['queued', 'running', 'completed']).optional(),
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  ...newestFirstQuery({ since: 'Requested at or after this time', until: 'Requested before this time' }),
});
