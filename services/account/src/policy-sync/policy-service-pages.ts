import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { syncedPagePath } from '@agencyflow/contracts';
import { issueServiceToken, serviceAudience } from '@agencyflow/http';
import { activeTraceHeaders } from '@agencyflow/telemetry';
import type { ServiceConfig } from '@agencyflow/service-kit';
import type { SyncedPageSource } from './apply-policy-sync-page';

/**
 * Pulls a copied sync page from the policy service's internal transfer endpoint, with a
 * short-lived token for the business's tenant that carries only `policy-sync:transfer`.
 */
export function policyServicePages(config: Pick<ServiceConfig, 'POLICY_SERVICE_URL' | 'JWT_SECRET' | 'JWT_ISSUER'>): SyncedPageSource {
  return {
    async open({ businessId, after, through }) {
      const token = await issueServiceToken({
        secret: config.JWT_SECRET,
        issuer: config.JWT_ISSUER,
        subject: 'account-service',
        audience: serviceAudience('policy'),
        tenantId: businessId,
        permissions: ['policy-sync:transfer'],
      });
      const url = new URL(syncedPagePath, config.POLICY_SERVICE_URL);
      if (after) url.searchParams.set('after', after);
      url.searchParams.set('through', through);
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...activeTraceHeaders() } });
      if (!response.ok || !response.body) {
        // Retried by the activity's policy: the policy service may be restarting.
        throw new Error(`the policy service answered ${response.status} for a synced page`);
      }
      return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    },
  };
}
