import type { AmsAdapter, AmsInboundRecord, AmsPerson } from './ams-adapter';
import { latestModified } from './ams-adapter';
import { expectFound, type AmsCall } from './ams-http';

/**
 * QQCatalyst: integer contact ids; the account is a customer contact, secondaries are related
 * contacts (ParentContactId). AMS-5: the client-chosen ExternalId (the CRM contact id) is unique
 * in QQCatalyst, so a retried insert answers 409 with the contact the first attempt made.
 */
export function qqcatalystAdapter(call: AmsCall): AmsAdapter {
  const body = (p: AmsPerson, parentId: string | null) => ({
    FirstName: p.firstName,
    LastName: p.lastName,
    Email: p.email,
    Phone: p.phone,
    Status: p.active ? 'Active' : 'Inactive',
    ExternalId: p.contactId,
    ...(parentId ? { ParentContactId: Number(parentId) } : {}),
  });
  async function write(person: AmsPerson, parentId: string | null, amsId: string | null): Promise<string> {
    if (amsId) {
      expectFound(await call('PUT', `contacts/${amsId}`, body(person, parentId)), 'The contact');
      return amsId;
    }
    const created = await call('POST', 'contacts', body(person, parentId));
    const id = String(created.body.ContactId);
    // Made by an earlier attempt whose answer was lost: bring it up to date.
    if (created.status === 409) await call('PUT', `contacts/${id}`, body(person, parentId));
    return id;
  }
  const toRecord = (r: Record<string, unknown>): AmsInboundRecord => ({
    amsId: String(r.ContactId),
    kind: r.ParentContactId === null || r.ParentContactId === undefined ? 'customer' : 'contact',
    parentAmsId: r.ParentContactId === null || r.ParentContactId === undefined ? null : String(r.ParentContactId),
    firstName: String(r.FirstName ?? ''),
    lastName: String(r.LastName ?? ''),
    email: (r.Email as string | null) ?? null,
    phone: (r.Phone as string | null) ?? null,
    active: r.Status !== 'Inactive',
    modified: String(r.LastModified),
    reference: (r.ExternalId as string | null) ?? null,
  });
  return {
    kind: 'qqcatalyst',
    referenceFor: (contactId) => contactId,
    async testConnection() {
      await call('GET', 'ping');
    },
    writeCustomer: (person, amsId) => write(person, null, amsId),
    writeContact: (person, customerId, amsId) => write(person, customerId, amsId),
    async changedSince(since) {
      const { body: page } = await call('GET', 'contacts', undefined, since ? { modifiedSince: since } : {});
      const records = ((page.Contacts as Array<Record<string, unknown>>) ?? []).map(toRecord);
      return { records, deleted: [], cursor: latestModified(records, since) };
    },
  };
}
