import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sharedTables from '@agencyflow/db/schema';
import * as sharedGroupTables from '@agencyflow/db/schema/security-groups';
import { ownTables } from '@agencyflow/db';
import { storeOwnership } from '@agencyflow/testing';
import * as schema from '../src/db/schema';

const src = path.resolve(__dirname, '../src');

/** ARCHITECTURE "Inside a service": each finance table is written by its store only (decision 0017, 0028). */
const owners: Record<string, string> = {
  finance_customers: 'db/finance-store/',
  finance_contacts: 'db/finance-store/',
  finance_programs: 'db/finance-store/',
  finance_program_contacts: 'db/finance-store/',
  finance_invoices: 'db/finance-store/',
  finance_verification_documents: 'db/finance-store/',
  finance_settings: 'db/finance-store/',
  finance_address_reviews: 'db/finance-store/',
  finance_history: 'db/history-store.ts',
};

/** The service's own tables from its schema, by SQL name and by the variable code writes them through. */
const tables = ownTables(schema, [sharedTables, sharedGroupTables]);
const findings = storeOwnership(src, tables, owners);

describe('finance service stores', () => {
  it('every table of the service has a store', () => {
    expect(findings.unowned).toEqual([]);
  });

  it('each store is the only writer of its tables', () => {
    expect(findings.strangers).toEqual([]);
  });

  it('the check sees every store’s own writes (it can fail)', () => {
    expect(findings.unseen).toEqual([]);
  });
});
