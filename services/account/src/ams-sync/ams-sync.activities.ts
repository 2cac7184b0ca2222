import { Context } from '@temporalio/activity';
import type { AmsContactSyncInput, AmsSyncActivities } from '@agencyflow/contracts';
import { inTenant } from '@agencyflow/db';
import type { ServiceDeps } from '@agencyflow/service-kit';
import { findAmsConnection, finishAmsSyncRequest, setAccountLink, setContactLink, startAmsSyncRequest } from '../db/ams-store';
import { amsActive, amsPhone, amsRecordHash, amsStatusHash } from '../domain/ams-records';
import type { AmsPerson } from './adapters';
import { adapterOf } from './ams-client';
import { primaryContactNotSynced, refused, toTemporalFailure } from './ams-failures';
import { contactForAms, contactsInSyncOrder, primaryLinkOf } from './ams-sync-queries';
import { pollAmsChanges } from './poll-ams-changes';

/** A heartbeat before each AMS call: a worker killed mid-call is noticed by its heartbeat timeout, not after minutes. */
const heartbeat = () => {
  try {
    Context.current().heartbeat();
  } catch {
    /* outside an activity (tests calling the function directly) */
  }
};

/**
 * The account service's side of AMS sync (AMS-2..AMS-7), on its own task queue: every read and
 * write of the CRM's tables here, the AMS called through the tenant's adapter. Activities take
 * and return ids only; the fields go from the contacts table to the AMS inside the activity.
 */
export function createAmsSyncActivities(deps: ServiceDeps): AmsSyncActivities {
  const { database } = deps;
  return {
    async beginAmsSyncRequest({ tenantId, requestId }) {
      return inTenant(database, tenantId, async (tx) => {
        const request = await startAmsSyncRequest(tx, tenantId, requestId);
        if (!request) return { proceed: false, contacts: [] };
        const all = await contactsInSyncOrder(tx, tenantId, request.accountId);
        // AMS-3: a whole account in order, primary first; one contact alone otherwise (gone: nothing).
        const contacts = request.contactId ? all.filter((c) => c.contactId === request.contactId) : all;
        return { proceed: true, contacts };
      });
    },

    async syncContactToAms(input: AmsContactSyncInput) {
      const { tenantId, accountId, contactId, requestId } = input;
      const prepared = await inTenant(database, tenantId, async (tx) => {
        const connection = await findAmsConnection(tx, tenantId);
        const contact = await contactForAms(tx, tenantId, contactId);
        const primary = contact?.role === 'secondary' ? await primaryLinkOf(tx, tenantId, contact.accountId) : undefined;
        return { connection, contact, primary };
      });
      const { connection, contact, primary } = prepared;
      if (!connection) throw refused('No AMS is connected: connect one first.');
      if (!contact) throw refused('The contact no longer exists.');
      const expectedKind = contact.role === 'primary' ? 'customer' : 'contact';
      // A link of the other kind (the contact changed role since) is a record we must not write over.
      const linkedId = contact.link?.amsKind === expectedKind ? (contact.link.amsId ?? null) : null;
      if (input.action === 'sync-contact' && !linkedId) throw refused('The contact is not in the AMS yet: add it first.');
      // AMS-3: a secondary goes under its primary's customer, never before it, nor after the primary failed
      // (a primary queued again by a later request keeps its customer: it is synced).
      if (contact.role === 'secondary' && (!primary?.amsId || primary.amsKind !== 'customer' || primary.state === 'failed')) throw primaryContactNotSynced();

      const person: AmsPerson = {
        contactId,
        firstName: contact.firstName,
        lastName: contact.lastName,
        email: contact.email,
        phone: amsPhone(contact),
        active: amsActive(contact.accountStatus),
      };
      const adapter = adapterOf(deps, connection, heartbeat);
      // The reference goes on the link before the write: an inbound poll meanwhile knows the record as ours.
      await inTenant(database, tenantId, (tx) => setContactLink(tx, { contactId, tenantId, accountId, state: 'syncing', requestId, amsRef: adapter.referenceFor(contactId) }));
      let amsId: string;
      try {
        // AMS-5: each write finds what an earlier attempt (answer lost, worker killed) already made.
        amsId = contact.role === 'primary' ? await adapter.writeCustomer(person, linkedId) : await adapter.writeContact(person, primary!.amsId!, linkedId);
      } catch (error) {
        throw toTemporalFailure(error);
      }
      await inTenant(database, tenantId, async (tx) => {
        await setContactLink(tx, {
          contactId,
          tenantId,
          accountId,
          state: 'synced',
          amsId,
          amsKind: expectedKind,
          syncedAt: new Date(),
          message: null,
          requestId,
          // AMS-7: what we wrote, so the inbound poll knows it as ours.
          lastHash: amsRecordHash(person),
        });
        if (contact.role === 'primary') await setAccountLink(tx, { accountId, tenantId, amsId, lastHash: amsStatusHash(person.active) });
      });
      return { amsId };
    },

    async recordAmsContactFailure({ tenantId, requestId, contactId, message }) {
      await inTenant(database, tenantId, async (tx) => {
        const contact = await contactForAms(tx, tenantId, contactId);
        if (contact) await setContactLink(tx, { contactId, tenantId, accountId: contact.accountId, state: 'failed', message, requestId });
      });
    },

    async finishAmsSyncRequest({ tenantId, requestId }) {
      await inTenant(database, tenantId, (tx) => finishAmsSyncRequest(tx, tenantId, requestId));
    },

    pollAmsChanges: ({ tenantId }) => pollAmsChanges(deps, tenantId, heartbeat),
  };
}
