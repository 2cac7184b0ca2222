import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesWritingTable, type OwnedTable } from '@agencyflow/testing';

const src = path.resolve(__dirname, '../src');

/** Each table of the policy service, and the one store (a file, or a folder's files) that writes it. */
const owners: Array<{ store: string; tables: OwnedTable[] }> = [
  {
    store: 'db/policy-store/',
    tables: [
      { sql: 'policies', drizzle: 'policies' },
      { sql: 'policy_members', drizzle: 'policyMembers' },
    ],
  },
  {
    store: 'db/directory-store.ts',
    tables: [
      { sql: 'account_directory', drizzle: 'accountDirectory' },
      { sql: 'contact_directory', drizzle: 'contactDirectory' },
    ],
  },
  {
    store: 'db/feed-import-store.ts',
    tables: [
      { sql: 'carrier_feed_imports', drizzle: 'carrierFeedImports' },
      { sql: 'carrier_feed_import_rows', drizzle: 'carrierFeedImportRows' },
      { sql: 'carrier_feed_import_policies', drizzle: 'carrierFeedImportPolicies' },
      { sql: 'carrier_feed_import_members', drizzle: 'carrierFeedImportMembers' },
    ],
  },
];

describe('policy service stores', () => {
  for (const { store, tables } of owners) {
    for (const table of tables) {
      it(`X-2 only ${store} writes ${table.sql} (and so takes its locks and writes its events)`, () => {
        const writers = filesWritingTable(src, table);
        expect(writers.length).toBeGreaterThan(0);
        expect(writers.filter((file) => !file.startsWith(store))).toEqual([]);
      });
    }
  }

  it('finds a write outside its store (the check can fail)', () => {
    const probe = path.resolve(__dirname, 'support');
    expect(filesWritingTable(probe, { sql: 'policies', drizzle: 'policies' })).toContain('store-ownership-probe.ts');
  });
});
