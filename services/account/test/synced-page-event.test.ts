import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { MAX_EVENT_BYTES, POLICY_SYNC_PART_SIZE } from '@agencyflow/contracts';
import { outbox } from '@agencyflow/db';
import { createTestDatabase, type TestDatabase } from '@agencyflow/testing';
import { announceSyncedPage } from '../src/db/business-store';
import * as schema from '../src/db/schema';

/** X-2 with bounded events: a policy-sync page's coarse event comes in parts that never grow with the page. */
describe('the policy-sync page event', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('account', schema);
  });
  afterAll(async () => database?.drop());

  it('X-2 a page of 950 accounts (new and updated contacts included) is announced in parts of at most POLICY_SYNC_PART_SIZE, each under the event size bound, together listing the whole page', async () => {
    const businessId = randomUUID();
    const accounts = Array.from({ length: 950 }, (_, i) => ({ accountId: randomUUID(), name: `${'Household '.repeat(15)}${i}`, status: 'active' as const }));
    const contacts = accounts.slice(0, 30).map((a) => ({ contactId: randomUUID(), accountId: a.accountId, role: 'primary' as const }));
    const updatedContacts = accounts.slice(100, 110).map((a) => ({ contactId: randomUUID(), accountId: a.accountId }));
    const counts = { accountsCreated: 950, contactsCreated: 30, contactsUpdated: 10, policySummaries: 950, statusChanges: 950 };
    await database.db.transaction((tx) =>
      announceSyncedPage(tx, businessId, { businessId, runId: randomUUID(), page: 4, accounts, contacts, updatedContacts, counts, appliedBy: 'policy-sync' }),
    );

    const rows = await database.db.select().from(outbox).orderBy(asc(outbox.seq));
    const parts = rows.map((r) => r.envelope as { type: string; data: { part: number; parts: number; accounts: unknown[]; contacts: unknown[]; updatedContacts: unknown[]; counts: unknown } });
    expect(parts.map((p) => [p.data.part, p.data.parts])).toEqual([[0, 3], [1, 3], [2, 3]]);
    for (const p of parts) {
      expect(p.type).toBe('account.policy-sync-page-applied');
      expect(p.data.accounts.length).toBeLessThanOrEqual(POLICY_SYNC_PART_SIZE);
      expect(p.data.counts).toEqual(counts);
      expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThan(MAX_EVENT_BYTES);
    }
    expect(parts.flatMap((p) => p.data.accounts)).toEqual(accounts);
    expect(parts.flatMap((p) => p.data.contacts)).toEqual(contacts);
    expect(parts.flatMap((p) => p.data.updatedContacts)).toEqual(updatedContacts);
  });
});
