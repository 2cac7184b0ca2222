import { protectedDataAccess } from '@agencyflow/contracts';
import { inTenant } from '@agencyflow/db';
import { defineRoutes, encodeKeysetCursor, implementRoutes, principalOf, type BoundRoute } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { recordAccess } from '../db/access-log-store';
import { listAccessLog } from './access-log-queries';
import { listAccessLogQuery } from './access-log-schemas';
import { accessLogPageView } from './access-log-view';

export const accessLogApi = defineRoutes({
  list: {
    method: 'get',
    path: '/protected-data-access',
    summary: 'Who saw protected data unmasked: the tenant’s access log, newest first (X-4; cursor: nextBefore)',
    description:
      'An entry per record an answer, export or codec decode showed with protected fields (ssn, dateOfBirth, mbi, ' +
      'driversLicenseNumber) unmasked: who, when, which record, which fields (never the values), from which service. ' +
      'Accesses of the policy service arrive through its events, so they show within seconds.',
    permission: 'protected-data:audit',
    query: listAccessLogQuery,
    responses: { 200: ['A page of access-log entries', accessLogPageView] },
  },
  record: {
    method: 'post',
    path: '/protected-data-access',
    summary: 'Record an access (services only: the codec server records its decodes here)',
    permission: 'protected-data:record',
    body: protectedDataAccess,
    responses: { 204: 'Recorded (a repeat of the same accessId records nothing more)' },
  },
});

/**
 * The tenant's protected-data access log (X-4, decision 0026): admins list who saw which
 * record's protected fields unmasked, and when (permission protected-data:audit). The codec
 * server records its decodes here (service credentials with protected-data:record, for the
 * tenant whose payloads it opened); the policy service sends its accesses as events.
 */
export function accessLogRoutes({ database }: ServiceDeps): BoundRoute[] {
  return implementRoutes(accessLogApi, {
    list: async ({ query }, req, res) => {
      const { tenantId } = principalOf(req);
      const page = await inTenant(database, tenantId, (tx) => listAccessLog(tx, tenantId, query));
      res.json({ items: page.items, nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
    },

    // protected-data:record is a platform permission: only service credentials carry it.
    record: async ({ body: access }, req, res) => {
      const caller = principalOf(req);
      await inTenant(database, caller.tenantId, (tx) => recordAccess(tx, caller.tenantId, access));
      res.status(204).end();
    },
  });
}
