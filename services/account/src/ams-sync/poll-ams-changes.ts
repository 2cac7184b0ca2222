import { and, eq } from 'drizzle-orm';
import type { AmsInboundPollResult } from '@agencyflow/contracts';
import { inTenant, type Executor } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { changeContact, insertContact, lockAccount, openAccount, setAccountStatuses } from '../db/account-store';
import { findAmsConnection, setAccountLink, setContactLink, setInboundState, unlinkAmsCustomer } from '../db/ams-store';
import { amsAccountLinks, amsContactLinks, contacts } from '../db/schema';
import { amsRecordHash, amsStatusHash, statusFromAms } from '../domain/ams-records';
import { roleForNewContact } from '../domain/contact-roles';
import { countContactsOfAccount } from '../contacts/contact-queries';
import { AmsCallError, type AmsInboundRecord } from './adapters';
import { adapterOf } from './ams-client';
import { toTemporalFailure } from './ams-failures';

/** Who the inbound poll's changes are by, in events and history. */
const AMS_ACTOR = 'ams-inbound';

const emptyResult = (reconciled = false): AmsInboundPollResult => ({
  accountsCreated: 0,
  accountStatusesChanged: 0,
  contactsCreated: 0,
  contactsUpdated: 0,
  unchanged: 0,
  deleted: 0,
  reconciled,
});

type Counts = AmsInboundPollResult;

const findAccountLink = async (tx: Executor, tenantId: string, amsId: string) =>
  (await tx.select().from(amsAccountLinks).where(and(eq(amsAccountLinks.tenantId, tenantId), eq(amsAccountLinks.amsId, amsId))))[0];
/** A record an outbound add of ours made, not recorded yet (its answer lost, or on its way): the add records it. */
const isOurs = async (tx: Executor, tenantId: string, record: AmsInboundRecord) =>
  record.reference !== null &&
  (await tx.select({ contactId: amsContactLinks.contactId }).from(amsContactLinks).where(and(eq(amsContactLinks.tenantId, tenantId), eq(amsContactLinks.amsRef, record.reference)))).length > 0;
const findContactLink = async (tx: Executor, tenantId: string, amsId: string) =>
  (await tx.select().from(amsContactLinks).where(and(eq(amsContactLinks.tenantId, tenantId), eq(amsContactLinks.amsId, amsId))))[0];

/**
 * A person of the AMS joins the (locked) account as a contact (ACC-1: its first is the primary),
 * with the account's status (ACC-8), linked to its AMS record with the hash of what we read.
 */
async function addLinkedContact(tx: Executor, tenantId: string, accountId: string, record: AmsInboundRecord): Promise<boolean> {
  const account = await lockAccount(tx, tenantId, accountId);
  if (!account) return false;
  const added = await insertContact(tx, {
    tenantId,
    accountId: account.id,
    role: roleForNewContact(await countContactsOfAccount(tx, account.id)),
    status: account.status,
    source: 'ams',
    firstName: record.firstName,
    lastName: record.lastName,
    email: record.email,
    cellPhone: record.phone,
    createdBy: AMS_ACTOR,
  });
  await setContactLink(tx, {
    contactId: added.id,
    tenantId,
    accountId: account.id,
    state: 'synced',
    amsId: record.amsId,
    amsKind: added.role === 'primary' ? 'customer' : 'contact',
    syncedAt: new Date(),
    lastHash: amsRecordHash(record),
    lastModified: record.modified,
  });
  return true;
}

/**
 * A customer of the AMS: its status mastered there (ACC-8: cascaded to the account's contacts);
 * a customer the CRM does not know becomes an account with its person as primary contact.
 */
async function applyCustomer(tx: Executor, tenantId: string, record: AmsInboundRecord, counts: Counts): Promise<void> {
  const statusHash = amsStatusHash(record.active);
  const link = await findAccountLink(tx, tenantId, record.amsId);
  if (link) {
    // Our own outbound write, or nothing new about the status.
    if (link.lastHash === statusHash) {
      counts.unchanged += 1;
      return;
    }
    const changed = await setAccountStatuses(tx, {
      tenantId,
      accountIds: [link.accountId],
      to: { status: statusFromAms(record.active) },
      announce: { cause: 'ams', actor: AMS_ACTOR },
    });
    await setAccountLink(tx, { accountId: link.accountId, tenantId, amsId: record.amsId, lastHash: statusHash });
    if (changed.length > 0) counts.accountStatusesChanged += 1;
    else counts.unchanged += 1;
    return;
  }
  if (await isOurs(tx, tenantId, record)) {
    counts.unchanged += 1;
    return;
  }
  const account = await openAccount(tx, { tenantId, name: `${record.firstName} ${record.lastName}`.trim() || record.amsId, createdBy: AMS_ACTOR });
  await setAccountStatuses(tx, { tenantId, accountIds: [account.id], to: { status: statusFromAms(record.active) }, announce: { cause: 'ams', actor: AMS_ACTOR } });
  await setAccountLink(tx, { accountId: account.id, tenantId, amsId: record.amsId, lastHash: statusHash });
  await addLinkedContact(tx, tenantId, account.id, record);
  counts.accountsCreated += 1;
  counts.contactsCreated += 1;
}

/**
 * A contact of the AMS (AMS-7): a new one joins its customer's account with the account's status
 * (ACC-8); a known one whose fields changed there takes them; one whose hash is the last we wrote
 * or read (our own outbound sync coming back) changes nothing.
 */
async function applyContact(tx: Executor, tenantId: string, record: AmsInboundRecord, counts: Counts): Promise<void> {
  const hash = amsRecordHash(record);
  const link = await findContactLink(tx, tenantId, record.amsId);
  if (link) {
    if (link.lastHash === hash) {
      counts.unchanged += 1;
      return;
    }
    const [contact] = await tx.select().from(contacts).where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, link.contactId)));
    if (contact) {
      await lockAccount(tx, tenantId, contact.accountId);
      await changeContact(tx, contact, {
        columns: { firstName: record.firstName, lastName: record.lastName, email: record.email, cellPhone: record.phone },
        changedFields: ['firstName', 'lastName', 'email', 'cellPhone'],
        actor: AMS_ACTOR,
      });
      counts.contactsUpdated += 1;
    }
    await setContactLink(tx, { contactId: link.contactId, tenantId, accountId: link.accountId, lastHash: hash, lastModified: record.modified });
    return;
  }
  if (await isOurs(tx, tenantId, record)) {
    counts.unchanged += 1;
    return;
  }
  const parent = record.parentAmsId ? await findAccountLink(tx, tenantId, record.parentAmsId) : undefined;
  // Its customer is not in the CRM (yet): reconciliation brings it with its customer.
  if (!parent) return;
  if (await addLinkedContact(tx, tenantId, parent.accountId, record)) counts.contactsCreated += 1;
}

/**
 * AMS-7: one poll of the tenant's AMS for what changed since the last one (or, every
 * AMS_RECONCILE_EVERY_SECONDS, everything it holds: reconciliation finds what a poll missed).
 * Customers first, so a new contact finds its account; each record in its own transaction, so a
 * retried poll redoes only what is left (what was applied now has its hash). A 403 (HawkSoft: the
 * agency opted out) stops the tenant's inbound sync for good, with the reason kept for the admin.
 */
export async function pollAmsChanges(deps: ServiceDeps, tenantId: string, beforeCall: () => void = () => undefined): Promise<AmsInboundPollResult> {
  const { database, config } = deps;
  const connection = await inTenant(database, tenantId, (tx) => findAmsConnection(tx, tenantId));
  if (!connection || connection.inboundStoppedReason) return emptyResult();
  const reconcile = !connection.lastReconciledAt || Date.now() - connection.lastReconciledAt.getTime() >= config.AMS_RECONCILE_EVERY_SECONDS * 1000;
  let changes;
  try {
    changes = await adapterOf(deps, connection, beforeCall).changedSince(reconcile ? null : connection.inboundCursor);
  } catch (error) {
    if (error instanceof AmsCallError && error.kind === 'permanent' && error.message.includes('(403)')) {
      await inTenant(database, tenantId, (tx) => setInboundState(tx, tenantId, { stoppedReason: error.message }));
      return emptyResult();
    }
    throw toTemporalFailure(error);
  }
  const counts = emptyResult(reconcile);
  const ordered = [...changes.records].sort((a, b) => (a.kind === b.kind ? a.modified.localeCompare(b.modified) : a.kind === 'customer' ? -1 : 1));
  for (const record of ordered) {
    await inTenant(database, tenantId, (tx) => (record.kind === 'customer' ? applyCustomer(tx, tenantId, record, counts) : applyContact(tx, tenantId, record, counts)));
  }
  for (const amsId of changes.deleted) {
    counts.deleted += await inTenant(database, tenantId, (tx) => unlinkAmsCustomer(tx, tenantId, amsId));
  }
  const previous = connection.inboundCursor;
  const cursor = changes.cursor !== null && (previous === null || changes.cursor > previous) ? changes.cursor : previous;
  await inTenant(database, tenantId, (tx) => setInboundState(tx, tenantId, { cursor, ...(reconcile ? { reconciledAt: new Date() } : {}) }));
  return counts;
}
