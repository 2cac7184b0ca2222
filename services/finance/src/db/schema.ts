import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ProgramContactRole, ProgramStatus, VerificationDocumentType } from '@agencyflow/contracts';

export * from '@agencyflow/db/schema';
export * from '@agencyflow/db/schema/security-groups';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};
/** A postal address, as customers hold it and programs and invoices copy it. */
const address = (prefix: string) => ({
  addressLine1: text(`${prefix}address_line1`).notNull(),
  addressLine2: text(`${prefix}address_line2`),
  city: text(`${prefix}city`).notNull(),
  state: text(`${prefix}state`).notNull(),
  zip: text(`${prefix}zip`).notNull(),
});

/**
 * FIN-1 the insured of premium-finance programs. `tax_id_enc` holds ciphertext only.
 * `revision` counts its changes (FIN-2, FIN-3).
 */
export const financeCustomers = pgTable(
  'finance_customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    ...address(''),
    taxId: text('tax_id_enc'),
    revision: integer('revision').notNull().default(1),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    index('finance_customers_tenant_name_idx').on(t.tenantId, sql`lower(${t.name})`),
    index('finance_customers_tenant_email_idx').on(t.tenantId, sql`lower(${t.email})`),
  ],
);

/** FIN-1 people in roles on programs (signer, billing, agent contact, other). An email is one contact's in a tenant (FIN-4). */
export const financeContacts = pgTable(
  'finance_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    company: text('company'),
    revision: integer('revision').notNull().default(1),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('finance_contacts_email_uq').on(t.tenantId, sql`lower(${t.email})`).where(sql`${t.email} is not null`),
    index('finance_contacts_tenant_name_idx').on(t.tenantId, sql`lower(${t.lastName})`, sql`lower(${t.firstName})`),
  ],
);

/**
 * FIN-1 a premium-finance program; active = a signed premium finance agreement (PFA). It names its
 * customer and carries the insured's name and address as the agreement shows them (kept equal to
 * the customer's by FIN-2 and FIN-3).
 */
export const financePrograms = pgTable(
  'finance_programs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    reference: text('reference').notNull(),
    status: text('status').$type<ProgramStatus>().notNull().default('draft'),
    financed: boolean('financed').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => financeCustomers.id),
    insuredName: text('insured_name').notNull(),
    ...address('insured_'),
    premium: numeric('premium', { precision: 12, scale: 2 }),
    amountFinanced: numeric('amount_financed', { precision: 12, scale: 2 }),
    revision: integer('revision').notNull().default(1),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('finance_programs_reference_uq').on(t.tenantId, t.reference),
    index('finance_programs_tenant_customer_idx').on(t.tenantId, t.customerId),
    // Lists page by the unique keyset (created_at, id), newest first.
    index('finance_programs_tenant_created_id_idx').on(t.tenantId, t.createdAt, t.id),
  ],
);

/** FIN-1 a contact in a role on a program; exactly one signer per program. */
export const financeProgramContacts = pgTable(
  'finance_program_contacts',
  {
    tenantId: text('tenant_id').notNull(),
    programId: uuid('program_id')
      .notNull()
      .references(() => financePrograms.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => financeContacts.id),
    role: text('role').$type<ProgramContactRole>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.contactId, t.role] }),
    uniqueIndex('finance_program_contacts_one_signer_uq').on(t.programId).where(sql`${t.role} = 'signer'`),
    index('finance_program_contacts_tenant_contact_idx').on(t.tenantId, t.contactId),
  ],
);

/**
 * FIN-1 an invoice of a program and its customer, with the billing address and billing contact as
 * they are on the invoice (a snapshot, kept current by FIN-2..FIN-5; the history keeps what was).
 */
export const financeInvoices = pgTable(
  'finance_invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    programId: uuid('program_id')
      .notNull()
      .references(() => financePrograms.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => financeCustomers.id),
    number: text('number').notNull(),
    amountDue: numeric('amount_due', { precision: 12, scale: 2 }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    billingName: text('billing_name').notNull(),
    ...address('billing_'),
    billingContactId: uuid('billing_contact_id')
      .notNull()
      .references(() => financeContacts.id),
    billingContactName: text('billing_contact_name').notNull(),
    billingContactEmail: text('billing_contact_email'),
    revision: integer('revision').notNull().default(1),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('finance_invoices_number_uq').on(t.tenantId, t.number),
    index('finance_invoices_tenant_program_idx').on(t.tenantId, t.programId),
    index('finance_invoices_tenant_customer_idx').on(t.tenantId, t.customerId),
    index('finance_invoices_tenant_contact_idx').on(t.tenantId, t.billingContactId),
  ],
);

/**
 * FIN-2 third-party documents verifying a customer's address; content sealed with the field cipher
 * . A document verifies one address change: `used_at` and `used_for` record which.
 */
export const financeVerificationDocuments = pgTable(
  'finance_verification_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => financeCustomers.id),
    documentType: text('document_type').$type<VerificationDocumentType>().notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** The address change it verified, with the operator's attestation. */
    usedFor: jsonb('used_for').$type<Record<string, unknown>>(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('finance_verification_documents_customer_idx').on(t.tenantId, t.customerId)],
);

/** FIN-6 every change: who, when, what, before and after (protected values masked), per program, customer or contact. */
export const financeHistory = pgTable(
  'finance_history',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    /** The event published with the change (one event may stand for many entries: FIN-2 on every program). */
    eventId: uuid('event_id').notNull(),
    subjectType: text('subject_type').$type<'program' | 'customer' | 'contact'>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    change: text('change').notNull(),
    summary: text('summary').notNull(),
    before: jsonb('before').$type<Record<string, unknown>>(),
    after: jsonb('after').$type<Record<string, unknown>>(),
    actor: text('actor').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('finance_history_subject_idx').on(t.tenantId, t.subjectType, t.subjectId, t.seq)],
);

/**
 * A tenant's finance settings (decision 0032): whether an address change on financed programs waits
 * for a reviewer, and when its reminder fires and it expires (in days). No row: the defaults.
 */
export const financeSettings = pgTable('finance_settings', {
  tenantId: text('tenant_id').primaryKey(),
  addressReviewRequired: boolean('address_review_required').notNull().default(false),
  reviewReminderAfterDays: integer('review_reminder_after_days').notNull().default(3),
  reviewExpireAfterDays: integer('review_expire_after_days').notNull().default(14),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type AddressReviewState = 'pending' | 'approved' | 'rejected' | 'expired';

/**
 * FIN-2 under review (decision 0032): an address change, with its verification document, waiting
 * for a reviewer's decision; applied (exactly as FIN-2 applies a change) only on approval. `changes`
 * holds the requested fields as the request gave them, the tax id sealed. At most one
 * pending review per customer.
 */
export const financeAddressReviews = pgTable(
  'finance_address_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => financeCustomers.id),
    documentId: uuid('document_id')
      .notNull()
      .references(() => financeVerificationDocuments.id),
    state: text('state').$type<AddressReviewState>().notNull().default('pending'),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull(),
    changedFields: jsonb('changed_fields').$type<string[]>().notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    remindAt: timestamp('remind_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    uniqueIndex('finance_address_reviews_one_pending_uq').on(t.tenantId, t.customerId).where(sql`${t.state} = 'pending'`),
    index('finance_address_reviews_tenant_state_idx').on(t.tenantId, t.state, t.requestedAt, t.id),
  ],
);
