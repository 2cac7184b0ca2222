import { z } from 'zod';
import { emailSchema, phoneSchema } from '@agencyflow/contracts';

const text = (max = 100) => z.string().trim().min(1).max(max);

export const contactShape = {
  firstName: text(),
  lastName: text(),
  email: emailSchema.nullable(),
  phone: phoneSchema.nullable(),
  company: text(200).nullable(),
};

export const createContactBody = z
  .strictObject(contactShape)
  .partial({ email: true, phone: true, company: true })
  .meta({ example: { firstName: 'Dana', lastName: 'Brooks', email: 'dana@harbormarine.example', phone: '+1 813 555 0142' } });

export const updateContactBody = z
  .strictObject(contactShape)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change')
  .meta({ example: { phone: '+1 813 555 0199' } });

/** FIN-5 the contact that takes the replaced one's place: an existing one, or a new one created in the same request. */
export const replaceContactBody = z
  .strictObject({ contactId: z.uuid(), contact: createContactBody })
  .partial()
  .refine((b) => (b.contactId === undefined) !== (b.contact === undefined), 'give either contactId or contact')
  .meta({ example: { contact: { firstName: 'Lee', lastName: 'Ortiz', email: 'lee@harbormarine.example' } } });

export const contactIdParams = z.strictObject({ contactId: z.uuid() });
