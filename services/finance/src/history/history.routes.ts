import { Router } from 'express';
import { z } from 'zod';
import { parseInput, principalOf, problems, requirePermission } from '@agencyflow/http';
import { inTenant, type Executor } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import type { HistorySubject } from '../db/history-store';
import { findContact } from '../contacts/contact-queries';
import { findCustomer } from '../customers/customer-queries';
import { findProgram } from '../programs/program-queries';
import { historyOf } from './history-queries';

/** FIN-6 the history views: one per program, customer and contact, newest first. */
const subjects: Array<{ subject: HistorySubject; find: (tx: Executor, tenantId: string, id: string) => Promise<unknown> }> = [
  { subject: 'program', find: findProgram },
  { subject: 'customer', find: findCustomer },
  { subject: 'contact', find: findContact },
];

export function historyRoutes({ database }: ServiceDeps): Router {
  const router = Router();
  for (const { subject, find } of subjects) {
    const params = z.strictObject({ [`${subject}Id`]: z.uuid() });
    router.get(`/finance/${subject}s/:${subject}Id/history`, requirePermission('finance:view'), async (req, res) => {
      const { tenantId } = principalOf(req);
      const id = parseInput(params, req.params, 'path')[`${subject}Id`]!;
      const items = await inTenant(database, tenantId, async (tx) => ((await find(tx, tenantId, id)) ? historyOf(tx, tenantId, subject, id) : undefined));
      if (!items) throw problems.notFound(subject);
      res.json({ items });
    });
  }
  return router;
}
