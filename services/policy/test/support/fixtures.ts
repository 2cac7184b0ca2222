import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  accountCreatedV1,
  accountDeletedV1,
  buildEvent,
  contactAddedV1,
  contactDeletedV2,
  eventKey,
  type EventEnvelope,
  type OutgoingEvent,
} from '@agencyflow/contracts';
import { inTenant } from '@agencyflow/db';
import type { TestService } from '@agencyflow/testing';
import { accountEventsConsumer } from '../../src/account-directory/account-events.consumer';
import { outbox, policies } from '../../src/db/schema';

export const account = {
  created: (tenantId: string, accountId: string, name = 'Rivera household') =>
    buildEvent(accountCreatedV1, {
      tenantId,
      aggregateId: accountId,
      data: { accountId, name, status: 'prospect', createdBy: 'user-1' },
    }),
  contactAdded: (tenantId: string, accountId: string, contactId: string, role: 'primary' | 'secondary') =>
    buildEvent(contactAddedV1, {
      tenantId,
      aggregateId: accountId,
      data: {
        contactId,
        accountId,
        role,
        relation: role === 'primary' ? null : 'spouse',
        displayName: role === 'primary' ? 'Maria Rivera' : 'Jose Rivera',
        email: null,
        status: 'prospect',
        servicingAgentId: null,
        source: 'crm',
        addedBy: 'user-1',
      },
    }),
  contactDeleted: (
    tenantId: string,
    accountId: string,
    contactId: string,
    options: { role: 'primary' | 'secondary'; newPrimaryContactId?: string; movedPolicyIds?: string[]; accountDeleted?: boolean },
  ) =>
    buildEvent(contactDeletedV2, {
      tenantId,
      aggregateId: accountId,
      data: {
        contactId,
        accountId,
        role: options.role,
        newPrimaryContactId: options.newPrimaryContactId ?? null,
        movedPolicyIds: options.movedPolicyIds ?? [],
        accountDeleted: options.accountDeleted ?? false,
        deletedDealCards: 0,
        deletedFiles: 0,
        deletedBy: 'user-2',
      },
    }),
  deleted: (tenantId: string, accountId: string) =>
    buildEvent(accountDeletedV1, {
      tenantId,
      aggregateId: accountId,
      data: { accountId, reason: 'last-contact-deleted', deletedBy: 'user-2' },
    }),
};

/**
 * Applies account events through the consumer's own handlers inside a transaction, to set up
 * the read models for HTTP tests (the consumer itself is proven over Kafka elsewhere).
 */
export async function applyAccountEvents(service: TestService, events: OutgoingEvent[]): Promise<void> {
  const { handlers } = accountEventsConsumer();
  for (const { envelope } of events) {
    // As the consumer applies it: scoped to the event's tenant (row-level security).
    await inTenant(service.runtime.deps.database, envelope.tenantId, (tx) => handlers[eventKey(envelope.type, envelope.version)]!(tx, envelope));
  }
}

/** An account with a primary and a secondary contact, known to the policy service. */
export async function seedAccount(service: TestService, tenantId: string) {
  const accountId = randomUUID();
  const primaryContactId = randomUUID();
  const secondaryContactId = randomUUID();
  await applyAccountEvents(service, [
    account.created(tenantId, accountId),
    account.contactAdded(tenantId, accountId, primaryContactId, 'primary'),
    account.contactAdded(tenantId, accountId, secondaryContactId, 'secondary'),
  ]);
  return { accountId, primaryContactId, secondaryContactId };
}

export async function outboxEventsOf(service: TestService, aggregateId: string): Promise<EventEnvelope<Record<string, unknown>>[]> {
  const rows = await service.database.db
    .select()
    .from(outbox)
    .where(eq(outbox.messageKey, aggregateId))
    .orderBy(asc(outbox.seq));
  return rows.map((r) => r.envelope as EventEnvelope<Record<string, unknown>>);
}

export async function outboxCount(service: TestService): Promise<number> {
  const [row] = await service.database.db.select({ n: sql<number>`count(*)::int` }).from(outbox);
  return row!.n;
}

export async function policyByNumber(service: TestService, tenantId: string, carrier: string, policyNumber: string) {
  const [row] = await service.database.db
    .select()
    .from(policies)
    .where(and(eq(policies.tenantId, tenantId), eq(policies.carrier, carrier), eq(policies.policyNumber, policyNumber)));
  return row;
}

/** A valid create-policy body for the account. */
export function newPolicyBody(accountId: string, overrides: Record<string, unknown> = {}) {
  return {
    accountId,
    carrier: 'Humana',
    policyNumber: `H-${randomUUID().slice(0, 8)}`,
    coverageType: 'medicare-advantage',
    effectiveDate: '2026-01-01',
    renewalDate: '2027-01-01',
    premium: '129.50',
    writingAgentNpn: '1234567',
    ...overrides,
  };
}

/** Feed rows as the CSV columns name them. */
export type FeedRowValues = Record<string, string>;

export function feedRow(overrides: FeedRowValues = {}): FeedRowValues {
  return {
    carrier: 'Humana',
    policy_number: 'H-1',
    coverage_type: 'medicare-advantage',
    status: 'active',
    effective_date: '2026-01-01',
    renewal_date: '2027-01-01',
    premium: '129.50',
    writing_agent_npn: '1234567',
    member_relationship: 'policyholder',
    first_name: 'Maria',
    last_name: 'Rivera',
    date_of_birth: '1954-03-02',
    gender: 'F',
    email: 'maria@example.com',
    phone: '305-555-0100',
    address_line1: '12 Ocean Dr',
    city: 'Miami',
    state: 'FL',
    zip: '33139',
    mbi: '1EG4-TE5-MK73',
    ...overrides,
  };
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function toCsv(rows: FeedRowValues[], columns: string[] = Object.keys(feedRow())): string {
  return [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c] ?? '')).join(','))].join('\n') + '\n';
}
