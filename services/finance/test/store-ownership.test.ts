import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import * as sharedTables from '@agencyflow/db/schema';
import * as sharedGroupTables from '@agencyflow/db/schema/security-groups';
import { filesWritingTable } from '@agencyflow/testing';
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

const shared = new Set<unknown>([...Object.values(sharedTables), ...Object.values(sharedGroupTables)]);
const tables = Object.entries(schema)
  .filter(([, value]) => is(value, PgTable) && !shared.has(value))
  .map(([variable, table]) => ({ sql: getTableName(table as PgTable), drizzle: variable }));

describe('finance service stores', () => {
  it('every table of the service has a store', () => {
    expect(tables.map((t) => t.sql).sort()).toEqual(Object.keys(owners).sort());
  });

  it('each store is the only writer of its tables', () => {
    const strangers = tables.flatMap((table) =>
      filesWritingTable(src, table)
        .filter((file) => !file.startsWith(owners[table.sql]!))
        .map((file) => `${file} writes ${table.sql}, which only ${owners[table.sql]} may write`),
    );
    expect(strangers).toEqual([]);
  });

  it('the check sees every store’s own writes (it can fail)', () => {
    const unseen = tables.filter((table) => !filesWritingTable(src, table).some((file) => file.startsWith(owners[table.sql]!)));
    expect(unseen.map((t) => t.sql)).toEqual([]);
  });
});
