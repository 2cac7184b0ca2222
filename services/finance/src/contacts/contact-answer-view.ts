import { z } from 'zod';
import { programContactRoles } from '@agencyflow/contracts';
import { invoiceView, programView } from '../programs/program-view';
import { contactView } from './contact-view';

/** The answers of the contact routes beyond one contact. */
export const contactListView = z.strictObject({ items: z.array(contactView) });

export const contactDetailView = z.strictObject({
  contact: contactView,
  programs: z.array(z.strictObject({ role: z.enum(programContactRoles), program: programView })),
  invoices: z.array(invoiceView),
});

export const contactChangedView = z.strictObject({ contact: contactView, changedFields: z.array(z.string()), programCount: z.number().int(), invoiceCount: z.number().int() });

export const contactReplacedView = z.strictObject({ replaced: contactView, contact: contactView, created: z.boolean(), programCount: z.number().int(), invoiceCount: z.number().int() });
