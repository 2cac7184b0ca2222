import { Router } from 'express';
import { protectedDataAccess } from '@agencyflow/contracts';
import { inTenant } from '@agencyflow/db';
import { encodeKeysetCursor, parseInput, principalOf, requirePermission } from '@agencyflow/http';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { recordAccess } from '../db/access-log-store';
import { listAccessLog } from './access-log-queries';
import { listAccessLogQuery } from './access-log-schemas';

/**
 * The tenant's protected-data access log (X-4, decision 0026): admins list who saw which
 * record's protected fields unmasked, and when (permission protected-data:audit). The codec
 * server records its decodes here (service credentials with protected-data:record, for the
 * tenant whose payloads it opened); the policy service sends its accesses as events.
 */
export function accessLogRoutes({ database }: ServiceDeps): Router {
  const router = Router();

  router.get('/protected-data-access', requirePermission('protected-data:audit'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const query = parseInput(listAccessLogQuery, req.query, 'query');
    const page = await inTenant(database, tenantId, (tx) => listAccessLog(tx, tenantId, query));
    res.json({ items: page.items, nextBefore: page.next ? encodeKeysetCursor(page.next.createdAt, page.next.id) : null });
  });

  // protected-data:record is a platform permission: only service credentials carry it.
  router.post('/protected-data-access', requirePermission('protected-data:record'), async (req, res) => {
    const caller = principalOf(req);
    const access = parseInput(protectedDataAccess, req.body);
    await inTenant(database, caller.tenantId, (tx) => recordAccess(tx, caller.tenantId, access));
    res.status(204).end();
  });

  return router;
}
