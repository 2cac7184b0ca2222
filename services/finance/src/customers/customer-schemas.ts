import { z } from 'zod';
import { emailSchema, phoneSchema, usStateSchema } from '@agencyflow/contracts';

const text = (max = 200) => z.string().trim().min(1).max(max);

/** A US taxpayer id: an SSN (9 digits as 3-2-4) or an EIN (2-7); stored encrypted, never answered in clear. */
export const taxIdSchema = z
  .string()
  .trim()
  .regex(/^(\d{3}-?\d{2}-?\d{4}|\d{2}-\d{7})$/, 'tax id is an SSN (123-45-6789) or an EIN (12-3456789)');

const addressShape = {
  addressLine1: text(),
  addressLine2: text().nullable(),
  city: text(100),
  state: usStateSchema,
  zip: z.string().trim().regex(/^\d{5}(-\d{4})?$/, 'zip is 5 digits or ZIP+4'),
};

/** FIN-1 the insured: name and address, and how to reach them. */
export const customerShape = {
  name: text(),
  email: emailSchema.nullable(),
  phone: phoneSchema.nullable(),
  ...addressShape,
  taxId: taxIdSchema.nullable(),
};

export const createCustomerBody = z
  .strictObject(customerShape)
  .partial({ email: true, phone: true, addressLine2: true, taxId: true })
  .meta({ example: { name: 'Harbor Marine Supply LLC', email: 'ap@harbormarine.example', addressLine1: '12 Dock Street', city: 'Tampa', state: 'FL', zip: '33602' } });

/**
 * FIN-2 the operator's attestation that a verification document, uploaded for this customer,
 * names the insured and shows the new address: both must be true (decision 0028).
 */
export const verificationBody = z.strictObject({
  documentId: z.uuid(),
  namesInsured: z.literal(true, 'the operator attests the document names the insured'),
  showsNewAddress: z.literal(true, 'the operator attests the document shows the new address'),
});

export const updateCustomerBody = z
  .strictObject({ ...customerShape, verification: verificationBody })
  .partial()
  .refine((body) => Object.keys(body).some((k) => k !== 'verification'), 'give at least one field to change')
  .meta({
    example: {
      addressLine1: '400 Channelside Drive',
      city: 'Tampa',
      state: 'FL',
      zip: '33602',
      verification: { documentId: '5f0c6a57-1f59-4d47-9c83-3a0c0f1b6c11', namesInsured: true, showsNewAddress: true },
    },
  });

export const customerIdParams = z.strictObject({ customerId: z.uuid() });

export const searchQuery = z.strictObject({
  q: z.string().trim().min(2).max(200).meta({ description: 'Part of a name or an email, without case' }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
