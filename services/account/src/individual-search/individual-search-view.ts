import { z } from 'zod';
import { contactView } from '../contacts/contact-view';

/** SR-1 a page of matching individuals (contacts, as GET /contacts/{id} answers them). */
export const individualPageView = z.strictObject({
  items: z.array(contactView),
  nextAfter: z.string().nullable().meta({ description: 'Pass as `after` for the next page; null on the last page' }),
});

export const individualCountView = z.strictObject({ count: z.number().int().meta({ description: 'Exact' }) });
