import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AccountStatus, AmsKind, AmsSyncAction, ContactRelation, ContactRole, Permission } from '@agencyflow/contracts';

/** AMS-2: a contact's sync state; no link row means "not synced". */
export type AmsContactSyncState = 'queued' | 'syncing' | 'synced' | 'failed';
import type { CustomFieldType } from '../domain/custom-fields';

export * from '@agencyflow/db/schema';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** Accounts of a CRM tenant (ACC-1, ACC-6). Every query filters by tenant_id. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    status: text('status').$type<AccountStatus>().notNull().default('prospect'),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  // Lists page by the unique keyset (created_at, id), newest first.
  (t) => [index('accounts_tenant_created_id_idx').on(t.tenantId, t.createdAt, t.id)],
);

/** People who service accounts; one may be linked to a CRM user (SR-4 assigns that user). */
export const servicingAgents = pgTable(
  'servicing_agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    npn: text('npn'),
    userId: text('user_id'),
    ...timestamps,
  },
  (t) => [index('servicing_agents_tenant_idx').on(t.tenantId)],
);

/** Typed custom fields a tenant defines for its contacts. */
export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').$type<CustomFieldType>().notNull(),
    options: jsonb('options').$type<string[]>().notNull().default([]),
    ...timestamps,
  },
  (t) => [uniqueIndex('custom_field_definitions_key_uq').on(t.tenantId, t.key)],
);

/**
 * A contact: the person record (the "individual" of sales records, the member of a synced
 * policy). Protected fields (ssn, date_of_birth, mbi, drivers_license_number) hold ciphertext
 * only. `status` always equals the account's status (ACC-8).
 */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role').$type<ContactRole>().notNull(),
    relation: text('relation').$type<ContactRelation>(),
    status: text('status').$type<AccountStatus>().notNull(),
    source: text('source').$type<'crm' | 'ams' | 'policy-sync'>().notNull().default('crm'),
    firstName: text('first_name').notNull(),
    middleName: text('middle_name'),
    lastName: text('last_name').notNull(),
    nickname: text('nickname'),
    title: text('title'),
    recordStatus: text('record_status').notNull().default('active'),
    email: text('email'),
    secondaryEmail: text('secondary_email'),
    cellPhone: text('cell_phone'),
    homePhone: text('home_phone'),
    addressType: text('address_type'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    county: text('county'),
    zip: text('zip'),
    state: text('state'),
    gender: text('gender'),
    dateOfBirth: text('date_of_birth_enc'),
    /**
     * The year of the date of birth, in the clear (HIPAA safe harbour keeps years): SR-1 narrows
     * date-of-birth and age filters by it in SQL, then checks the exact date after decrypting.
     * Written with the date of birth; null on rows written before it existed (decision 0025).
     */
    birthYear: smallint('birth_year'),
    leadSource: text('lead_source'),
    mbi: text('mbi_enc'),
    medicarePartAEffectiveDate: date('medicare_part_a_effective_date', { mode: 'string' }),
    medicarePartBEffectiveDate: date('medicare_part_b_effective_date', { mode: 'string' }),
    ssn: text('ssn_enc'),
    driversLicenseNumber: text('drivers_license_number_enc'),
    smokerStatus: text('smoker_status'),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    servicingAgentId: uuid('servicing_agent_id').references(() => servicingAgents.id, { onDelete: 'set null' }),
    /** For contacts made by policy sync: a keyed fingerprint of the member data, so a re-sync skips unchanged ones. */
    syncFingerprint: text('sync_fingerprint'),
    /**
     * A synced contact's fields come from its best member row: one that holds a policy first,
     * then the lowest source policy id and member key (PS-9: the preview predicts exactly that).
     */
    syncRank: text('sync_rank'),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    index('contacts_account_idx').on(t.accountId),
    // Lists and SR-1 search results page by the unique keyset (last name, first name, id).
    index('contacts_tenant_name_id_idx').on(t.tenantId, t.lastName, t.firstName, t.id),
    // ACC-1: at most one primary per account, enforced by the database too.
    uniqueIndex('contacts_one_primary_uq').on(t.accountId).where(sql`role = 'primary'`),
  ],
);

export const dealStages = ['new', 'qualified', 'proposal', 'won', 'lost'] as const;

/** Deal cards on a contact's pipeline; deleted with the contact (ACC-3). */
export const dealCards = pgTable(
  'deal_cards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    stage: text('stage').$type<(typeof dealStages)[number]>().notNull().default('new'),
    value: numeric('value', { precision: 12, scale: 2 }),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [index('deal_cards_contact_idx').on(t.contactId)],
);

/** Files attached to a contact, content included (limit in contacts/attachment-schemas.ts); deleted with it. */
export const contactFiles = pgTable(
  'contact_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contact_files_contact_idx').on(t.contactId)],
);

/**
 * Read model of the policy service's policies, from policy events. Drives the derived
 * account status (ACC-6) and the 360 views. `revision` makes late or repeated events harmless;
 * a deleted policy stays as a tombstone so an older event cannot bring it back.
 */
export const policySummaries = pgTable(
  'policy_summaries',
  {
    policyId: uuid('policy_id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    revision: integer('revision').notNull(),
    deleted: boolean('deleted').notNull().default(false),
    accountId: uuid('account_id'),
    policyholderContactId: uuid('policyholder_contact_id'),
    memberContactIds: uuid('member_contact_ids').array().notNull().default(sql`'{}'::uuid[]`),
    carrier: text('carrier').notNull(),
    policyNumber: text('policy_number').notNull(),
    coverageType: text('coverage_type').notNull(),
    status: text('status').notNull(),
    effectiveDate: text('effective_date').notNull(),
    renewalDate: text('renewal_date'),
    premium: text('premium').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('policy_summaries_account_idx').on(t.tenantId, t.accountId),
    // Contact 360: a contact's policies, as policyholder and as member, found by index.
    index('policy_summaries_policyholder_idx').on(t.tenantId, t.policyholderContactId),
    index('policy_summaries_members_gin').using('gin', t.memberContactIds),
  ],
);

/** ACC-9 history: every change of an account or contact, from any service, built from events. */
export const history = pgTable(
  'history',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: uuid('event_id').notNull().unique(),
    tenantId: text('tenant_id').notNull(),
    accountId: uuid('account_id').notNull(),
    contactId: uuid('contact_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    source: text('source').notNull(),
    eventType: text('event_type').notNull(),
    summary: text('summary').notNull(),
    actor: text('actor'),
  },
  (t) => [
    index('history_account_idx').on(t.tenantId, t.accountId, t.occurredAt),
    index('history_contact_idx').on(t.contactId),
  ],
);

/**
 * Agent CRM businesses an FMO provisions for a downline agent or agency (PS-3). A business is a
 * tenant of its own: its tenant id is its id. See docs/decisions/0013.
 */
export const agentCrmBusinesses = pgTable(
  'agent_crm_businesses',
  {
    id: uuid('id').primaryKey(),
    fmoTenantId: text('fmo_tenant_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').$type<'agent' | 'agency'>().notNull(),
    state: text('state').$type<'provisioning' | 'active'>().notNull().default('provisioning'),
    policySyncEnabled: boolean('policy_sync_enabled').notNull(),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [index('agent_crm_businesses_fmo_idx').on(t.fmoTenantId, t.createdAt)],
);

/** Users of Agent CRM businesses: an email is unique across all of them (PS-3). */
export const agentCrmUsers = pgTable(
  'agent_crm_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => agentCrmBusinesses.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    npn: text('npn').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agent_crm_users_email_uq').on(sql`lower(${t.email})`), index('agent_crm_users_business_idx').on(t.businessId)],
);

/** One row per policy sync run of a business: the provisioning and sync report (PS-5, PS-6). */
export const policySyncRuns = pgTable(
  'policy_sync_runs',
  {
    runId: uuid('run_id').primaryKey(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => agentCrmBusinesses.id, { onDelete: 'cascade' }),
    trigger: text('trigger').notNull(),
    state: text('state').$type<'running' | 'completed' | 'skipped' | 'failed'>().notNull(),
    requestedBy: text('requested_by').notNull(),
    npns: text('npns').array().notNull(),
    totals: jsonb('totals').$type<Record<string, unknown>>().notNull(),
    reason: text('reason'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('policy_sync_runs_business_idx').on(t.businessId, t.startedAt)],
);

/**
 * A tenant's security groups (X-3, decision 0024): a name unique in the tenant without case, the
 * permissions it grants (from the catalogue in contracts), and a revision that grows with every
 * change to the group or its members (the read models of the other services keep the newest).
 * The default groups are seeded with fixed ids the first time a tenant's groups are managed.
 */
export const securityGroups = pgTable(
  'security_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    permissions: text('permissions').array().$type<Permission[]>().notNull(),
    revision: integer('revision').notNull().default(1),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('security_groups_tenant_name_uq').on(t.tenantId, sql`lower(${t.name})`)],
);

/** The users (token subjects) a tenant assigned to each of its security groups. */
export const securityGroupMembers = pgTable(
  'security_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => securityGroups.id, { onDelete: 'cascade' }),
    tenantId: text('tenant_id').notNull(),
    subject: text('subject').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.subject] }), index('security_group_members_tenant_subject_idx').on(t.tenantId, t.subject)],
);

/**
 * Who saw protected data unmasked (X-4, decision 0026): an entry per record an answer, export or
 * codec decode showed, from this service directly and from the others through events and calls.
 * Append-only; never the values. `(tenant_id, access_id, entry_no)` makes recording idempotent.
 */
export const protectedDataAccessLog = pgTable(
  'protected_data_access_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    accessId: uuid('access_id').notNull(),
    entryNo: integer('entry_no').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
    actorTenantId: text('actor_tenant_id').notNull(),
    access: text('access').notNull(),
    source: text('source').notNull(),
    requestId: text('request_id'),
    recordType: text('record_type').notNull(),
    recordId: text('record_id'),
    fields: text('fields').array().notNull(),
    recordCount: integer('record_count').notNull().default(1),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('protected_data_access_log_access_uq').on(t.tenantId, t.accessId, t.entryNo),
    index('protected_data_access_log_time_idx').on(t.tenantId, t.occurredAt, t.id),
    index('protected_data_access_log_record_idx').on(t.tenantId, t.recordId, t.occurredAt),
    index('protected_data_access_log_actor_idx').on(t.tenantId, t.actor, t.occurredAt),
  ],
);

/**
 * SR-1 saved searches of a tenant: a name (unique in the tenant without case), the search
 * criteria as validated, and who saved it and when, as an audit trail of what a run acted on.
 */
export const savedSearches = pgTable(
  'saved_searches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    criteria: jsonb('criteria').$type<Record<string, unknown>>().notNull(),
    owner: text('owner').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('saved_searches_tenant_name_uq').on(t.tenantId, sql`lower(${t.name})`)],
);

/**
 * AMS-1: the tenant's one agency management system. The credentials are ciphertext only (the
 * field cipher, X-4): never returned, never logged, decrypted by the AMS activities as they call.
 */
export const amsConnections = pgTable('ams_connections', {
  tenantId: text('tenant_id').primaryKey(),
  kind: text('kind').$type<AmsKind>().notNull(),
  baseUrl: text('base_url').notNull(),
  credentials: text('credentials_enc').notNull(),
  pollIntervalSeconds: integer('poll_interval_seconds').notNull(),
  /** Calls per second the tenant's AMS takes; every AMS call of the tenant waits for its slot. */
  rateLimitPerSecond: numeric('rate_limit_per_second', { mode: 'number' }).notNull(),
  /** AMS-7: the inbound poll reads changes after this (the AMS's own modification times). */
  inboundCursor: text('inbound_cursor'),
  lastReconciledAt: timestamp('last_reconciled_at', { withTimezone: true }),
  /** Why inbound stopped (HawkSoft 403: the agency opted out), shown to the admin. */
  inboundStoppedReason: text('inbound_stopped_reason'),
  connectedBy: text('connected_by').notNull(),
  ...timestamps,
});

/**
 * The per-tenant rate limit across all of its accounts: the next free call slot. A call takes the
 * slot (one UPDATE) and waits for it, so the tenant's calls are spaced 1/limit apart whatever the
 * number of accounts syncing at once.
 */
export const amsRateSlots = pgTable('ams_rate_slots', {
  tenantId: text('tenant_id').primaryKey(),
  nextSlot: timestamp('next_slot', { withTimezone: true, precision: 6 }).notNull(),
});

/**
 * A contact's link to its AMS record and its sync state (AMS-2): no row is "not synced"; queued,
 * syncing, synced (with the AMS id and when) or failed (with the AMS's own message). `lastHash`
 * is the hash of the fields last written to or read from the AMS, so an outbound sync does not
 * come back as an inbound change (AMS-7).
 */
export const amsContactLinks = pgTable(
  'ams_contact_links',
  {
    contactId: uuid('contact_id')
      .primaryKey()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    tenantId: text('tenant_id').notNull(),
    accountId: uuid('account_id').notNull(),
    state: text('state').$type<AmsContactSyncState>().notNull(),
    amsId: text('ams_id'),
    /**
     * The client-chosen reference our writes carry in the AMS (AMS360 ExternalReference, QQCatalyst
     * ExternalId, NowCerts databaseId), kept before the first write: the inbound poll knows a record
     * an outbound add made, even before its AMS id is recorded (AMS-5, AMS-7).
     */
    amsRef: text('ams_ref'),
    /** The AMS record is the customer itself (the primary person) or a contact under it. */
    amsKind: text('ams_kind').$type<'customer' | 'contact'>(),
    syncedAt: timestamp('synced_at', { withTimezone: true }),
    message: text('message'),
    lastHash: text('last_hash'),
    lastModified: text('last_modified'),
    requestId: uuid('request_id'),
    ...timestamps,
  },
  (t) => [
    index('ams_contact_links_account_idx').on(t.accountId),
    uniqueIndex('ams_contact_links_ams_id_uq').on(t.tenantId, t.amsId),
    index('ams_contact_links_ams_ref_idx').on(t.tenantId, t.amsRef),
  ],
);

/** An account's AMS customer (AMS-7): the account an inbound record belongs to, and its last status hash. */
export const amsAccountLinks = pgTable(
  'ams_account_links',
  {
    accountId: uuid('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tenantId: text('tenant_id').notNull(),
    amsId: text('ams_id').notNull(),
    lastHash: text('last_hash'),
    ...timestamps,
  },
  (t) => [uniqueIndex('ams_account_links_ams_id_uq').on(t.tenantId, t.amsId)],
);

/** One request to add/sync a contact or sync an account (AMS-2), followed at /ams/sync-requests/{id}. */
export const amsSyncRequests = pgTable(
  'ams_sync_requests',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: uuid('account_id').notNull(),
    contactId: uuid('contact_id'),
    action: text('action').$type<AmsSyncAction>().notNull(),
    state: text('state').$type<'queued' | 'running' | 'completed'>().notNull().default('queued'),
    requestedBy: text('requested_by').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('ams_sync_requests_account_idx').on(t.tenantId, t.accountId, t.createdAt)],
);
