import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildEvent, eventKey, policyChangedV1, syncedPageColumns } from '@agencyflow/contracts';
import { copyText } from '@agencyflow/db';
import { FieldCipher, parseKeyRing } from '@agencyflow/protected-data';
import { createTestDatabase, type TestDatabase } from '@agencyflow/testing';
import { accounts, contacts } from '../src/db/schema';
import { applyPolicySyncPage } from '../src/policy-sync/apply-policy-sync-page';
import { policySummariesConsumer } from '../src/policy-summaries/policy-summaries.consumer';

/**
 * ACC-6/ACC-8 under concurrency, made deterministic: the consumer of policy events stores an
 * active policy of an account a policy-sync page is opening at that very moment. Neither may miss
 * the other's write: the account ends active, and the contact the page adds with it too.
 */
describe('account status: a policy event racing a policy-sync page', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('account');
  });
  afterAll(async () => database?.drop());

  /** One synced page: a policyholder of a pending policy, in account `accountId`. */
  function pageOf(accountId: string, contactId: string) {
    const row: Record<string, string | null> = Object.fromEntries(syncedPageColumns.map(([name]) => [name, null]));
    Object.assign(row, {
      policy_id: randomUUID(), revision: '1', carrier: 'Acme Health', policy_number: `SYNC-${randomUUID().slice(0, 8)}`,
      coverage_type: 'medicare-advantage', status: 'pending', effective_date: '2026-01-01', premium: '10.00',
      account_id: accountId, policyholder_contact_id: contactId, synced_from: randomUUID(), member_key: 'policyholder',
      relationship: 'policyholder', contact_id: contactId, first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', member_fingerprint: 'f1',
    });
    const text = copyText([syncedPageColumns.map(([name]) => row[name] ?? null)]);
    return { open: async () => Readable.from([text]) };
  }

  it('ACC-6 ACC-8 the account a page opens while an active policy of it is being stored ends active, with its contact', async () => {
    const businessId = randomUUID();
    const accountId = randomUUID();
    const contactId = randomUUID();
    const activePolicy = buildEvent(policyChangedV1, {
      tenantId: businessId,
      aggregateId: randomUUID(),
      data: {
        policyId: randomUUID(), revision: 1, change: 'activated', carrier: 'Acme Health', policyNumber: 'CRM-1', coverageType: 'medicare-advantage',
        status: 'active', previousStatus: 'pending', effectiveDate: '2026-01-01', renewalDate: null, premium: '10.00', writingAgentNpn: '1234567',
        accountId, policyholderContactId: contactId, memberContactIds: [], source: 'crm', changedBy: 'user-1',
      },
    }).envelope;
    const handler = policySummariesConsumer().handlers[eventKey(policyChangedV1.type, policyChangedV1.version)]!;

    // The consumer's transaction stores the policy and holds on, uncommitted...
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let stored!: () => void;
    const storedYet = new Promise<void>((resolve) => (stored = resolve));
    const consumer = database.db.transaction(async (tx) => {
      await handler(tx, activePolicy);
      stored();
      await held;
    });
    await storedYet;
    // ...while the page opens the account.
    const page = applyPolicySyncPage(
      { database, pages: pageOf(accountId, contactId), cipher: new FieldCipher(parseKeyRing(`k1:${Buffer.alloc(32, 7).toString('base64')}`, 'k1'), Buffer.alloc(32, 9)) },
      { businessId, runId: randomUUID(), page: 0, after: null, through: randomUUID() },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    commit();
    await Promise.all([consumer, page]);

    const [account] = await database.db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account?.status).toBe('active');
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.id, contactId));
    expect(contact?.status).toBe('active');
  });
});
