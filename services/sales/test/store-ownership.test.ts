import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownTables } from '@agencyflow/db';
import * as sharedTables from '@agencyflow/db/schema';
import * as sharedGroupTables from '@agencyflow/db/schema/security-groups';
import { storeOwnership } from '@agencyflow/testing';
import * as schema from '../src/db/schema';

const src = path.resolve(__dirname, '../src');

/**
 * ARCHITECTURE "Inside a service": each sales table and the store(s) that may write it. A sales
 * record is written by its own store (a user's change, SR-7), and set-based by the run store (the
 * records a page makes) and the cohort store (what SR-5 steps set), each in its own transaction
 * over many records (see sales-record-store.ts).
 */
const owners: Record<string, string | string[]> = {
  sales_record_types: 'db/sales-record-type-store.ts',
  sales_records: ['db/sales-record-store.ts', 'db/sales-run-store.ts', 'db/sales-workflow-cohort-store.ts'],
  sales_record_runs: 'db/sales-run-store.ts',
  sales_record_run_individuals: 'db/sales-run-store.ts',
  sales_record_run_pages: 'db/sales-run-store.ts',
  sales_workflows: 'db/sales-workflow-store.ts',
  sales_workflow_cohorts: 'db/sales-workflow-cohort-store.ts',
  sales_workflow_cohort_steps: 'db/sales-workflow-cohort-store.ts',
  sales_record_workflow_history: 'db/sales-workflow-cohort-store.ts',
  sales_record_tasks: 'db/sales-workflow-cohort-store.ts',
  sales_workflow_round_robin: 'db/sales-workflow-cohort-store.ts',
  sales_workflow_emails: 'db/sales-workflow-email-store.ts',
};

const tables = ownTables(schema, [sharedTables, sharedGroupTables]);
const findings = storeOwnership(src, tables, owners);

describe('sales service stores', () => {
  it('every table of the service has a store', () => {
    expect(findings.unowned).toEqual([]);
  });

  it('each store is the only writer of its tables', () => {
    expect(findings.strangers).toEqual([]);
  });

  it('the check sees every store’s own writes, and a write outside its store (it can fail)', () => {
    expect(findings.unseen).toEqual([]);
    const emails = tables.filter((t) => t.sql === 'sales_workflow_emails');
    const misassigned = storeOwnership(src, emails, { sales_workflow_emails: 'db/sales-workflow-cohort-store.ts' });
    expect(misassigned.strangers).toEqual(['db/sales-workflow-email-store.ts writes sales_workflow_emails, which only db/sales-workflow-cohort-store.ts may write']);
    expect(misassigned.unseen).toEqual(['sales_workflow_emails']);
  });
});
