import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as sharedTables from '@agencyflow/db/schema';
import { ownTables } from '@agencyflow/db';
import { filesWritingTable, storeOwnership } from '@agencyflow/testing';
import * as schema from '../src/db/schema';

const src = path.resolve(__dirname, '../src');

/**
 * ARCHITECTURE "Inside a service": one store per aggregate is the ONLY code that writes its
 * tables (and so takes their locks and writes their events). Each table of the account service,
 * by its SQL name, and its store: a file, or a folder's files. Temporary tables (synced_page,
 * synced_people) belong to no store; the shared outbox, inbox and idempotency tables are written
 * by the packages.
 */
const owners: Record<string, string> = {
  accounts: 'db/account-store/',
  contacts: 'db/account-store/',
  deal_cards: 'db/account-store/',
  contact_files: 'db/account-store/',
  history: 'db/history-store.ts',
  policy_summaries: 'db/policy-summary-store.ts',
  agent_crm_businesses: 'db/business-store.ts',
  agent_crm_users: 'db/business-store.ts',
  policy_sync_runs: 'db/business-store.ts',
  custom_field_definitions: 'db/settings-store.ts',
  servicing_agents: 'db/settings-store.ts',
  security_groups: 'db/security-group-store.ts',
  security_group_members: 'db/security-group-store.ts',
  protected_data_access_log: 'db/access-log-store.ts',
  saved_searches: 'db/saved-search-store.ts',
  ams_connections: 'db/ams-store.ts',
  ams_rate_slots: 'db/ams-store.ts',
  ams_contact_links: 'db/ams-store.ts',
  ams_account_links: 'db/ams-store.ts',
  ams_sync_requests: 'db/ams-store.ts',
};

/** The service's own tables from its schema, by SQL name and by the variable code writes them through. */
const tables = ownTables(schema, [sharedTables]);
const findings = storeOwnership(src, tables, owners);

describe('account service stores', () => {
  it('every table of the service has a store', () => {
    expect(findings.unowned).toEqual([]);
  });

  it('each store is the only writer of its tables', () => {
    expect(findings.strangers).toEqual([]);
  });

  it('the check sees every store’s own writes, and a write outside its store (it can fail)', () => {
    expect(findings.unseen).toEqual([]);
    expect(filesWritingTable(__dirname, { sql: 'contacts', drizzle: 'contacts' })).toContain('store-ownership-probe.ts');
  });
});
