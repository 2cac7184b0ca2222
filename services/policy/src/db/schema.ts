import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { coverageTypes, memberRelationships, policyStatuses } from '@agencyflow/contracts';
import { genders } from '../domain/policy-content';

export * from '@agencyflow/db/schema';
// Its tenants' security groups, from the account service's events (X-3): service-kit keeps it.
export * from '@agencyflow/db/schema/security-groups';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Read model of the account service's accounts, built from its events (X-1: the policy
 * service never reads the account service's tables). A deleted account keeps a tombstone
 * (`deleted_at`), so a late or repeated event never brings it back.
 */
export const accountDirectory = pgTable(
  'account_directory',
  {
    tenantId: text('tenant_id').notNull(),
    accountId: uuid('account_id').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.accountId] })],
);

/**
 * Read model of Agent CRM businesses (from agent-crm-business-changed): which FMO provisioned a
 * business and its users' NPNs. A policy sync copies only what this says the business may receive
 * (PS-4), never what a workflow's input claims (X-3). Seen by the FMO and by the business.
 */
export const businessDirectory = pgTable('business_directory', {
  businessId: uuid('business_id').primaryKey(),
  fmoTenantId: text('fmo_tenant_id').notNull(),
  userNpns: text('user_npns').array().notNull(),
  state: text('state').notNull(),
  updatedAt: updatedAt(),
});

export const contactRoles = ['primary', 'secondary'] as const;

/** Read model of contacts (which account, primary or secondary), from the account events. */
export const contactDirectory = pgTable(
  'contact_directory',
  {
    tenantId: text('tenant_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    accountId: uuid('account_id').notNull(),
    role: text('role', { enum: contactRoles }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.contactId] }), index('contact_directory_account_idx').on(t.tenantId, t.accountId)],
);

export const policySources = ['crm', 'carrier-feed', 'policy-sync'] as const;
export type PolicySource = (typeof policySources)[number];

/**
 * PS-1 policies. A policy number is unique per carrier within a tenant. `revision` grows by one
 * per change and travels in the events; `fingerprint` is a hash of the carrier-controlled
 * content, so an import that brings nothing new changes nothing (PS-2).
 */
export const policies = pgTable(
  'policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    carrier: text('carrier').notNull(),
    policyNumber: text('policy_number').notNull(),
    coverageType: text('coverage_type', { enum: coverageTypes }).notNull(),
    status: text('status', { enum: policyStatuses }).notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    renewalDate: date('renewal_date', { mode: 'string' }),
    premium: numeric('premium', { precision: 12, scale: 2 }).notNull(),
    writingAgentNpn: text('writing_agent_npn').notNull(),
    /** Null for FMO book-of-business policies from carrier feeds, which no CRM account owns. */
    accountId: uuid('account_id'),
    policyholderContactId: uuid('policyholder_contact_id'),
    revision: integer('revision').notNull().default(1),
    source: text('source', { enum: policySources }).notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** A policy-sync copy: the FMO policy it was copied from (PS-4..PS-6); null otherwise. */
    syncedFrom: uuid('synced_from'),
    /** A policy-sync copy: fingerprint of the source policy with its members, so an unchanged copy is skipped (PS-6). */
    syncFingerprint: text('sync_fingerprint'),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('policies_tenant_carrier_number_key').on(t.tenantId, t.carrier, t.policyNumber),
    index('policies_tenant_account_idx').on(t.tenantId, t.accountId),
    index('policies_tenant_policyholder_idx').on(t.tenantId, t.policyholderContactId),
    // Policy sync pages through one NPN's policies by id (PS-4).
    index('policies_tenant_npn_idx').on(t.tenantId, t.writingAgentNpn, t.id),
    // The account side of a sync page reads the business's copies of one source id range.
    index('policies_synced_from_idx').on(t.tenantId, t.syncedFrom).where(sql`${t.syncedFrom} is not null`),
    check('policies_revision_positive', sql`${t.revision} > 0`),
    check('policies_premium_non_negative', sql`${t.premium} >= 0`),
  ],
);


/**
 * PS-1 members of a policy: the policyholder and dependents. `member_key` is stable across
 * imports ('policyholder', or a keyed fingerprint of name and date of birth). Date of birth and
 * MBI are protected: only ciphertext is stored (`*_enc`, see FieldCipher).
 */
export const policyMembers = pgTable(
  'policy_members',
  {
    id: uuid('id').notNull().unique().defaultRandom(),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => policies.id, { onDelete: 'cascade' }),
    tenantId: text('tenant_id').notNull(),
    memberKey: text('member_key').notNull(),
    relationship: text('relationship', { enum: memberRelationships }).notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirthEnc: text('date_of_birth_enc'),
    gender: text('gender', { enum: genders }),
    email: text('email'),
    phone: text('phone'),
    addressLine1: text('address_line1'),
    city: text('city'),
    state: text('state'),
    zip: text('zip'),
    mbiEnc: text('mbi_enc'),
    /** The CRM contact this member is, when known. */
    contactId: uuid('contact_id'),
    /**
     * Who the member is as a person (PS-5: see personKey), a keyed fingerprint computed where the
     * date of birth is in clear (import, CRM edits), so a sync never decrypts to find it.
     */
    personKey: text('person_key'),
    fingerprint: text('fingerprint').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.policyId, t.memberKey] }),
    index('policy_members_contact_idx').on(t.tenantId, t.contactId).where(sql`${t.contactId} is not null`),
  ],
);

export const feedFormats = ['csv', 'json'] as const;
/** queued: staged, waiting for its turn; importing: pages being written; then completed or failed. */
export const importStates = ['queued', 'importing', 'completed', 'failed'] as const;
/** What a feed row did: its member inserted, updated or unchanged, or the row rejected. */
export const rowOutcomes = ['inserted', 'updated', 'unchanged', 'rejected'] as const;

/**
 * PS-2: one row per carrier feed import, a job (decision 0033): staged at upload, then written
 * page by page by its workflow. The counters grow with each page; `next_row` is the cursor of the
 * page writer, committed with the page, so a retried page never writes twice.
 */
export const carrierFeedImports = pgTable(
  'carrier_feed_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    importedBy: text('imported_by').notNull(),
    format: text('format', { enum: feedFormats }).notNull(),
    state: text('state', { enum: importStates }).notNull().default('queued'),
    /** The tenant's imports are written one at a time, in this order (assigned at commit of the upload). */
    queuePosition: integer('queue_position').notNull().default(0),
    /** When the upload arrived. */
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** When its first page was written (the rate and time left count from here). */
    importingSince: timestamp('importing_since', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    nextRow: integer('next_row').notNull().default(0),
    pagesWritten: integer('pages_written').notNull().default(0),
    rowsTotal: integer('rows_total').notNull(),
    /** Rows with an outcome (rejected at upload, or written). */
    rowsDone: integer('rows_done').notNull().default(0),
    rowsValid: integer('rows_valid').notNull(),
    rowsRejected: integer('rows_rejected').notNull(),
    policiesInserted: integer('policies_inserted').notNull(),
    policiesUpdated: integer('policies_updated').notNull(),
    policiesUnchanged: integer('policies_unchanged').notNull(),
    membersInserted: integer('members_inserted').notNull(),
    membersUpdated: integer('members_updated').notNull(),
    membersUnchanged: integer('members_unchanged').notNull(),
    ignoredColumns: jsonb('ignored_columns').$type<string[]>().notNull(),
    /** Why a failed import failed (never a cell's value). */
    failure: text('failure'),
  },
  (t) => [index('carrier_feed_imports_tenant_idx').on(t.tenantId, t.startedAt), index('carrier_feed_imports_queue_idx').on(t.tenantId, t.queuePosition)],
);

/**
 * Every row of an import: staged at upload (the raw row, encrypted: it carries dates of birth and
 * MBIs), then its outcome once its page is written (the staged copy is dropped then). Rejected
 * rows keep their reason, never a cell's value: the rejections and outcomes CSVs read from here.
 */
export const carrierFeedImportRows = pgTable(
  'carrier_feed_import_rows',
  {
    importId: uuid('import_id').notNull(),
    row: integer('row').notNull(),
    tenantId: text('tenant_id').notNull(),
    staged: text('staged'),
    outcome: text('outcome', { enum: rowOutcomes }),
    reason: text('reason'),
    policyId: uuid('policy_id'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.row] })],
);

/**
 * Scratch of a running import, dropped when it completes: the policies and members it has seen,
 * so a policy whose rows are spread over pages is counted and changed once, and rows that
 * contradict an earlier row of the same import are rejected whichever page they are in.
 */
export const carrierFeedImportPolicies = pgTable(
  'carrier_feed_import_policies',
  {
    importId: uuid('import_id').notNull(),
    carrier: text('carrier').notNull(),
    policyNumber: text('policy_number').notNull(),
    tenantId: text('tenant_id').notNull(),
    fingerprint: text('fingerprint').notNull(),
    firstRow: integer('first_row').notNull(),
    /** 0 unchanged, 1 updated, 2 inserted: the most this import did to the policy. */
    outcome: integer('outcome').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.importId, t.carrier, t.policyNumber] })],
);

export const carrierFeedImportMembers = pgTable(
  'carrier_feed_import_members',
  {
    importId: uuid('import_id').notNull(),
    carrier: text('carrier').notNull(),
    policyNumber: text('policy_number').notNull(),
    memberKey: text('member_key').notNull(),
    tenantId: text('tenant_id').notNull(),
    firstRow: integer('first_row').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.carrier, t.policyNumber, t.memberKey] })],
);
