import { z } from 'zod';
import { newestFirstQuery } from '@agencyflow/http';
import { calendarDateSchema, moneySchema, programContactRoleSchema, programStatusSchema } from '@agencyflow/contracts';
import { createContactBody } from '../contacts/contact-schemas';
import { createCustomerBody } from '../customers/customer-schemas';

const reference = z.string().trim().min(1).max(60).regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits and . _ / -');
const oneOf = (a: string, b: string) => (body: Record<string, unknown>) => (body[a] === undefined) !== (body[b] === undefined);

const programContactInput = z
  .strictObject({ role: programContactRoleSchema, contactId: z.uuid().optional(), contact: createContactBody.optional() })
  .refine(oneOf('contactId', 'contact'), 'give either contactId or contact');

/** FIN-1 a program: one customer (existing or new), contacts in roles with exactly one signer. */
export const createProgramBody = z
  .strictObject({
    reference: reference.optional(),
    financed: z.boolean(),
    premium: moneySchema.nullable().optional(),
    amountFinanced: moneySchema.nullable().optional(),
    customerId: z.uuid().optional(),
    customer: createCustomerBody.optional(),
    contacts: z.array(programContactInput).min(1).max(20),
  })
  .refine(oneOf('customerId', 'customer'), 'give either customerId or customer')
  .meta({
    example: {
      reference: 'PF-2026-0001',
      financed: true,
      premium: '12400.00',
      amountFinanced: '9920.00',
      customer: { name: 'Harbor Marine Supply LLC', addressLine1: '12 Dock Street', city: 'Tampa', state: 'FL', zip: '33602' },
      contacts: [{ role: 'signer', contact: { firstName: 'Dana', lastName: 'Brooks', email: 'dana@harbormarine.example' } }],
    },
  });

export const changeFinancedBody = z.strictObject({ financed: z.boolean() }).meta({ example: { financed: true } });

export const changeStatusBody = z.strictObject({ status: programStatusSchema }).meta({ example: { status: 'quoted' } });

/** FIN-3 the customer that replaces the program's: an existing one, or a new one created in the same request. */
export const replaceCustomerBody = z
  .strictObject({ customerId: z.uuid(), customer: createCustomerBody })
  .partial()
  .refine((b) => (b.customerId === undefined) !== (b.customer === undefined), 'give either customerId or customer')
  .meta({ example: { customer: { name: 'Harbor Marine Holdings Inc', addressLine1: '12 Dock Street', city: 'Tampa', state: 'FL', zip: '33602' } } });

export const listProgramsQuery = z.strictObject({
  status: programStatusSchema.optional(),
  customerId: z.uuid().optional(),
  financed: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  ...newestFirstQuery(),
});

export const programIdParams = z.strictObject({ programId: z.uuid() });
export const invoiceIdParams = z.strictObject({ invoiceId: z.uuid() });

export const createInvoiceBody = z
  .strictObject({
    number: reference.optional(),
    amountDue: moneySchema,
    dueDate: calendarDateSchema,
    billingContactId: z.uuid().optional().meta({ description: 'Default: the program’s billing contact, else its signer' }),
  })
  .meta({ example: { number: 'INV-2026-0001', amountDue: '826.67', dueDate: '2026-12-01' } });
