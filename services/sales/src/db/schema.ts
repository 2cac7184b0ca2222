import { sql } from 'drizzle-orm';
import { bigint, boolean, type AnyPgColumn, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SalesWorkflowStep } from '../domain/sales-workflow-steps';

export * from '@agencyflow/db/schema';
export * from '@agencyflow/db/schema/security-groups';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/**
 * A tenant's sales record types: a name unique in the tenant without case, whether new records
 * may be made of it, and the sales workflow its records run (SR-5).
 */
export const salesRecordTypes = pgTable(
  'sales_record_types',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    active: boolean('active').notNull().default(true),
    salesWorkflowId: uuid('sales_workflow_id').references((): AnyPgColumn => salesWorkflows.id),
    revision: integer('revision').notNull().default(1),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('sales_record_types_tenant_name_uq').on(t.tenantId, sql`lower(${t.name})`)],
);

/**
 * Sales records. One made by a mass run (SR-2) is linked to its individual (a contact of the
 * account service) and carries the SR-4 fields it had; protected fields (`*_enc`) hold the
 * ciphertext the account service had, never plaintext. SR-3: an individual has at most one
 * linked sales record, whoever tries, however often: the partial unique index decides.
 */
export const salesRecords = pgTable(
  'sales_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    salesRecordTypeId: uuid('sales_record_type_id')
      .notNull()
      .references(() => salesRecordTypes.id),
    individualId: uuid('individual_id'),
    /** The run that made it (null for records made otherwise). */
    runId: uuid('run_id'),
    assigneeUserId: text('assignee_user_id'),
    firstName: text('first_name').notNull(),
    middleName: text('middle_name'),
    lastName: text('last_name').notNull(),
    nickname: text('nickname'),
    title: text('title'),
    recordStatus: text('record_status'),
    secondaryEmail: text('secondary_email'),
    cellPhone: text('cell_phone'),
    homePhone: text('home_phone'),
    addressType: text('address_type'),
    addressLine1: text('address_line1'),
    city: text('city'),
    county: text('county'),
    zip: text('zip'),
    state: text('state'),
    gender: text('gender'),
    dateOfBirth: text('date_of_birth_enc'),
    leadSource: text('lead_source'),
    mbi: text('mbi_enc'),
    medicarePartAEffectiveDate: date('medicare_part_a_effective_date', { mode: 'string' }),
    medicarePartBEffectiveDate: date('medicare_part_b_effective_date', { mode: 'string' }),
    ssn: text('ssn_enc'),
    driversLicenseNumber: text('drivers_license_number_enc'),
    smokerStatus: text('smoker_status'),
    /** SR-5: the stage a sales workflow's "set a stage" step put the record in. */
    stage: text('stage'),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    /** SR-7: the fields users changed after the record was made: they win when it is converted (decision 0030). */
    editedFields: text('edited_fields').array().notNull().default(sql`'{}'::text[]`),
    /** SR-7: when and by whom it was converted to individual (once). */
    convertedAt: timestamp('converted_at', { withTimezone: true }),
    convertedBy: text('converted_by'),
    revision: integer('revision').notNull().default(1),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('sales_records_individual_uq').on(t.tenantId, t.individualId).where(sql`individual_id is not null`),
    // Lists page by the unique keyset (created_at, id), newest first.
    index('sales_records_tenant_created_id_idx').on(t.tenantId, t.createdAt, t.id),
  ],
);

export type SalesRecordRunState = 'running' | 'completed';

/**
 * SR-6: one row per mass sales-record run: who confirmed it and when, what it acted on (the
 * criteria, or the saved search with its name at the time), the type (and its name then), and its
 * counters, which the page activity moves in the transaction that decides the page.
 */
export const salesRecordRuns = pgTable(
  'sales_record_runs',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    salesRecordTypeId: uuid('sales_record_type_id')
      .notNull()
      .references(() => salesRecordTypes.id),
    salesRecordTypeName: text('sales_record_type_name').notNull(),
    criteria: jsonb('criteria').$type<Record<string, unknown>>(),
    savedSearchId: uuid('saved_search_id'),
    savedSearchName: text('saved_search_name'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    workflowId: text('workflow_id').notNull(),
    pageSize: integer('page_size'),
    state: text('state').$type<SalesRecordRunState>().notNull().default('running'),
    matched: integer('matched').notNull(),
    created: integer('created').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    pages: integer('pages').notNull().default(0),
    /** When the first page was decided: the rate is counted from it. */
    startedAt: timestamp('started_at', { withTimezone: true }),
    progressedAt: timestamp('progressed_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('sales_record_runs_tenant_requested_idx').on(t.tenantId, t.requestedAt, t.id)],
);

export type RunOutcome = 'created' | 'skipped' | 'failed';

/**
 * SR-2: a run's individuals, fixed at confirm (the snapshot), and SR-6: the outcome of those whose
 * page did not create their record (skipped: already linked / failed: reason). An individual of a
 * decided page (sales_record_run_pages) with no outcome here got its record from the run: the
 * run's record is found by the (tenant, individual) link (decision 0041). Rows decided before
 * that decision say `created` themselves.
 */
export const salesRecordRunIndividuals = pgTable(
  'sales_record_run_individuals',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => salesRecordRuns.id, { onDelete: 'cascade' }),
    individualId: uuid('individual_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    outcome: text('outcome').$type<RunOutcome>(),
    reason: text('reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.individualId] })],
);

/**
 * SR-3/SR-6: the pages of a run that are decided: the snapshot's range (after, through] and what
 * the page decided. A page is decided once: its attempts take turns and find this row.
 */
export const salesRecordRunPages = pgTable(
  'sales_record_run_pages',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => salesRecordRuns.id, { onDelete: 'cascade' }),
    /** The page's start, exclusive (the nil uuid for the first page). */
    afterIndividualId: uuid('after_individual_id').notNull(),
    /** Its last individual, inclusive. */
    throughIndividualId: uuid('through_individual_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    page: integer('page').notNull(),
    processed: integer('processed').notNull(),
    created: integer('created').notNull(),
    skipped: integer('skipped').notNull(),
    failed: integer('failed').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.afterIndividualId] }), index('sales_record_run_pages_through_idx').on(t.runId, t.throughIndividualId)],
);

/**
 * SR-5: a tenant's sales workflows: a name unique in the tenant without case and its ordered
 * steps (assign, create a task, wait, send an email, set a stage), validated by
 * sales-workflows/sales-workflow-steps.ts. A type names the one its records run.
 */
export const salesWorkflows = pgTable(
  'sales_workflows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    name: text('name').notNull(),
    steps: jsonb('steps').$type<SalesWorkflowStep[]>().notNull(),
    revision: integer('revision').notNull().default(1),
    createdBy: text('created_by').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('sales_workflows_tenant_name_uq').on(t.tenantId, sql`lower(${t.name})`)],
);

export type SalesWorkflowCohortState = 'running' | 'waiting' | 'completed';

/**
 * SR-5: a cohort is the records one page of a run created, running their type's sales workflow
 * together (one Temporal workflow a cohort, never one a record). The steps are the workflow's as
 * the cohort began: a later change of the workflow does not change a cohort under way.
 *
 * The cohort's records are the run's records whose individual is in the page's range (after,
 * through]: no row a record says so (decision 0041). They move together, so the cohort's place
 * (current step, state, until when it waits) is each of its records' place.
 */
export const salesWorkflowCohorts = pgTable(
  'sales_workflow_cohorts',
  {
    id: uuid('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    salesWorkflowId: uuid('sales_workflow_id').notNull(),
    salesWorkflowRevision: integer('sales_workflow_revision').notNull(),
    runId: uuid('run_id').notNull(),
    page: integer('page').notNull(),
    /** The page's range of individuals: after (exclusive; null from the first) through (inclusive). */
    afterIndividualId: uuid('after_individual_id'),
    throughIndividualId: uuid('through_individual_id').notNull(),
    steps: jsonb('steps').$type<SalesWorkflowStep[]>().notNull(),
    records: integer('records').notNull(),
    workflowId: text('workflow_id').notNull(),
    state: text('state').$type<SalesWorkflowCohortState>().notNull().default('running'),
    currentStep: integer('current_step').notNull().default(0),
    waitUntil: timestamp('wait_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('sales_workflow_cohorts_run_page_uq').on(t.runId, t.page)],
);

export type SalesWorkflowStepOutcome = 'waiting' | 'done';

/**
 * SR-5: what each step did to a cohort's records, one row a (cohort, step): the history line every
 * record of the cohort shows for the step, unless it has a line of its own (below) or an email
 * (sales_workflow_emails) for it.
 */
export const salesWorkflowCohortSteps = pgTable(
  'sales_workflow_cohort_steps',
  {
    cohortId: uuid('cohort_id')
      .notNull()
      .references(() => salesWorkflowCohorts.id, { onDelete: 'cascade' }),
    stepIndex: integer('step_index').notNull(),
    tenantId: text('tenant_id').notNull(),
    kind: text('kind').notNull(),
    outcome: text('outcome').$type<SalesWorkflowStepOutcome>().notNull(),
    detail: text('detail'),
    records: integer('records').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.stepIndex] })],
);

/**
 * SR-5: a record's own history line for a step, where it differs from its cohort's: the member a
 * round robin gave it (and, for cohorts from before decision 0041, every line).
 */
export const salesRecordWorkflowHistory = pgTable(
  'sales_record_workflow_history',
  {
    salesRecordId: uuid('sales_record_id')
      .notNull()
      .references(() => salesRecords.id, { onDelete: 'cascade' }),
    stepIndex: integer('step_index').notNull(),
    tenantId: text('tenant_id').notNull(),
    cohortId: uuid('cohort_id').notNull(),
    kind: text('kind').notNull(),
    outcome: text('outcome').notNull(),
    detail: text('detail'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.salesRecordId, t.stepIndex] })],
);

/** SR-5: tasks a "create a task" step made: one a (record, step), due some days after it ran. */
export const salesRecordTasks = pgTable(
  'sales_record_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull(),
    salesRecordId: uuid('sales_record_id')
      .notNull()
      .references(() => salesRecords.id, { onDelete: 'cascade' }),
    stepIndex: integer('step_index').notNull(),
    title: text('title').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    assigneeUserId: text('assignee_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sales_record_tasks_record_step_uq').on(t.salesRecordId, t.stepIndex)],
);

export type SalesWorkflowEmailState = 'pending' | 'sending' | 'sent' | 'unconfirmed';

/**
 * SR-5: the emails "send an email" steps render, one a (record, step): the key that makes a send
 * happen at most once. A row is claimed (`sending`) in a committed statement before its SMTP call
 * and confirmed (`sent`) after it; a claim found by a later attempt is never sent again
 * (`unconfirmed`). See decision 0029.
 */
export const salesWorkflowEmails = pgTable(
  'sales_workflow_emails',
  {
    salesRecordId: uuid('sales_record_id')
      .notNull()
      .references(() => salesRecords.id, { onDelete: 'cascade' }),
    stepIndex: integer('step_index').notNull(),
    tenantId: text('tenant_id').notNull(),
    cohortId: uuid('cohort_id').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    messageId: text('message_id').notNull(),
    state: text('state').$type<SalesWorkflowEmailState>().notNull().default('pending'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.salesRecordId, t.stepIndex] }), index('sales_workflow_emails_cohort_idx').on(t.cohortId, t.stepIndex, t.state)],
);

/** SR-5: where a round-robin step of a workflow is in its group: the next member's position. */
export const salesWorkflowRoundRobin = pgTable(
  'sales_workflow_round_robin',
  {
    tenantId: text('tenant_id').notNull(),
    salesWorkflowId: uuid('sales_workflow_id').notNull(),
    stepIndex: integer('step_index').notNull(),
    position: bigint('position', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.salesWorkflowId, t.stepIndex] })],
);
