import { and, eq } from 'drizzle-orm';
import {
  accountCreatedV1,
  accountDeletedV1,
  accountStatusChangedV2,
  accountUpdatedV1,
  contactAddedV1,
  contactAttachmentAddedV1,
  contactDeletedV2,
  contactUpdatedV1,
  policyChangedV1,
  policyDeletedV1,
  primaryContactChangedV1,
  type EventEnvelope,
} from '@agencyflow/contracts';
import { on, type ConsumerTransaction, type EventHandlers } from '@agencyflow/kafka';
import type { ConsumerSpec } from '@agencyflow/service-kit';
import { deleteAccountHistory, deleteContactHistory, recordHistoryEntry } from '../db/history-store';
import { accounts, contacts } from '../db/schema';
import { describeEvent } from './describe-event';

/** Records one history entry for an account (and a contact, if it still exists). */
async function record(tx: ConsumerTransaction, event: EventEnvelope, accountId: string | null, contactId: string | null) {
  if (!accountId) return; // e.g. an FMO book-of-business policy with no CRM account
  const [account] = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.tenantId, event.tenantId), eq(accounts.id, accountId)));
  if (!account) return; // the account is gone (ACC-5): its history went with it
  const [contact] = contactId ? await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contactId)) : [];
  const { summary, actor } = describeEvent(event);
  await recordHistoryEntry(tx, {
    eventId: event.id,
    tenantId: event.tenantId,
    accountId,
    contactId: contact?.id ?? null,
    occurredAt: new Date(event.occurredAt),
    source: event.type.split('.')[0]!,
    eventType: event.type,
    summary,
    actor,
  });
}

type Refs = (data: never) => { accountId: string | null; contactId: string | null };
const byAccount = (d: { accountId: string }) => ({ accountId: d.accountId, contactId: null });
const byContact = (d: { accountId: string; contactId: string }) => ({ accountId: d.accountId, contactId: d.contactId });

const recorded = [
  [accountCreatedV1, byAccount],
  [accountUpdatedV1, byAccount],
  [accountStatusChangedV2, byAccount],
  [contactAddedV1, byContact],
  [contactUpdatedV1, byContact],
  [contactAttachmentAddedV1, byContact],
  [primaryContactChangedV1, (d: { accountId: string; newPrimaryContactId: string }) => ({ accountId: d.accountId, contactId: d.newPrimaryContactId })],
  [policyChangedV1, (d: { accountId: string | null; policyholderContactId: string | null }) => ({ accountId: d.accountId, contactId: d.policyholderContactId })],
  [policyDeletedV1, (d: { accountId: string | null; policyholderContactId: string | null }) => ({ accountId: d.accountId, contactId: d.policyholderContactId })],
] as const;

/**
 * ACC-9: the history of every change of an account and its contacts, from any service, built
 * from the events. A deleted contact's history goes with it (ACC-3); a deleted account's too.
 */
export const historyConsumer = (): ConsumerSpec => {
  const handlers: EventHandlers = {};
  for (const [definition, refs] of recorded) {
    Object.assign(
      handlers,
      on(definition, async (tx, event) => {
        const { accountId, contactId } = (refs as Refs)(event.data as never);
        await record(tx, event, accountId, contactId);
      }),
    );
  }
  Object.assign(
    handlers,
    on(contactDeletedV2, async (tx, event) => {
      await deleteContactHistory(tx, event.tenantId, event.data.contactId);
      await record(tx, event, event.data.accountId, null);
    }),
    on(accountDeletedV1, async (tx, event) => {
      await deleteAccountHistory(tx, event.tenantId, event.data.accountId);
    }),
  );
  return { name: 'account.history', topics: ['account.events', 'policy.events'], handlers };
};
