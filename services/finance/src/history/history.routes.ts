import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoutes, implementRoutes, principalOf, problems, type BoundRoute, type RouteDeclaration } from '@agencyflow/http';
import { inTenant, type Executor } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import type { HistorySubject } from '../db/history-store';
import { findContact } from '../contacts/contact-queries';
import { findCustomer } from '../customers/customer-queries';
import { findProgram } from '../programs/program-queries';
import { historyOf } from './history-queries';

const historyView = z.strictObject({
  items: z.array(
    z.strictObject({
      occurredAt: z.iso.datetime(),
      change: z.string(),
      summary: z.string(),
      actor: z.string(),
      before: z.record(z.string(), z.unknown()).nullable(),
      after: z.record(z.string(), z.unknown()).nullable(),
      eventId: z.uuid(),
    }),
  ),
});

/** FIN-6 the history view of one kind of subject: `/finance/{subject}s/{subjectId}/history`. */
const historyRoute = (subject: HistorySubject) =>
  ({
    method: 'get',
    path: `/finance/${subject}s/:${subject}Id/history`,
    summary: `FIN-6 the ${subject}’s history, newest first: who, when, what, before and after (protected values masked)`,
    permission: 'finance:view',
    params: z.strictObject({ [`${subject}Id`]: z.uuid() }),
    responses: { 200: ['Entries', historyView] },
    problems: { 404: `No such ${subject}` },
  }) satisfies RouteDeclaration;

export const historyApi = defineRoutes({ program: historyRoute('program'), customer: historyRoute('customer'), contact: historyRoute('contact') });

/** FIN-6 the history views: one per program, customer and contact, newest first. */
const finders: Record<HistorySubject, (tx: Executor, tenantId: string, id: string) => Promise<unknown>> = {
  program: findProgram,
  customer: findCustomer,
  contact: findContact,
};

export function historyRoutes({ database }: ServiceDeps): BoundRoute[] {
  const history =
    (subject: HistorySubject) =>
    async ({ params }: { params: Record<string, string> }, req: Request, res: Response) => {
      const { tenantId } = principalOf(req);
      const id = params[`${subject}Id`]!;
      const find = finders[subject];
      const items = await inTenant(database, tenantId, async (tx) => ((await find(tx, tenantId, id)) ? historyOf(tx, tenantId, subject, id) : undefined));
      if (!items) throw problems.notFound(subject);
      res.json({ items });
    };
  return implementRoutes(historyApi, { program: history('program'), customer: history('customer'), contact: history('contact') });
}
