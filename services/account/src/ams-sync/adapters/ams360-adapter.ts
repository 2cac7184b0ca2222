import type { AmsAdapter, AmsInboundRecord, AmsPerson } from './ams-adapter';
import { latestModified } from './ams-adapter';
import { expectFound, type AmsCall } from './ams-http';

interface Ams360Phone {
  AreaCode?: string;
  Number?: string;
  Extension?: string;
}
/** AMS360 takes phones split: area code, seven digits, extension. */
const split = (phone: string | null): Ams360Phone | null => (phone ? { AreaCode: phone.slice(0, 3), Number: phone.slice(3, 10), Extension: phone.slice(10) } : null);
const join = (phone: Ams360Phone | null | undefined): string | null => {
  const digits = `${phone?.AreaCode ?? ''}${phone?.Number ?? ''}${phone?.Extension ?? ''}`.replace(/\D/g, '');
  return digits || null;
};

/** AMS-5 for AMS360: the client's ExternalReference, looked up before every create. */
export const ams360Reference = (contactId: string) => `agencyflow:${contactId}`;

type Ams360Record = Record<string, unknown> & { ExternalReference?: string | null };

/**
 * AMS360: the account is a Customer whose own detail is the primary person (AMS360 has no
 * primary-contact flag); secondaries are CustomerContacts under it (the customer must exist).
 */
export function ams360Adapter(call: AmsCall): AmsAdapter {
  const customerBody = (p: AmsPerson) => ({
    FirstName: p.firstName,
    LastName: p.lastName,
    Email: p.email,
    HomePhone: split(p.phone),
    IsActive: p.active,
    ExternalReference: ams360Reference(p.contactId),
  });
  const contactBody = (p: AmsPerson, customerId: string) => ({
    CustomerId: customerId,
    FirstName: p.firstName,
    LastName: p.lastName,
    Email: p.email,
    CellPhone: split(p.phone),
    ExternalReference: ams360Reference(p.contactId),
  });
  const toRecord = (r: Record<string, unknown>, kind: 'customer' | 'contact'): AmsInboundRecord => ({
    amsId: String(kind === 'customer' ? r.CustomerId : r.CustomerContactId),
    kind,
    parentAmsId: kind === 'contact' ? String(r.CustomerId) : null,
    firstName: String(r.FirstName ?? ''),
    lastName: String(r.LastName ?? ''),
    email: (r.Email as string | null) ?? null,
    phone: join((kind === 'customer' ? r.HomePhone : r.CellPhone) as Ams360Phone | null),
    active: r.IsActive !== false,
    modified: String(r.DateChanged),
    reference: (r.ExternalReference as string | null) ?? null,
  });
  return {
    kind: 'ams360',
    referenceFor: ams360Reference,
    async testConnection() {
      await call('GET', 'ping');
    },
    async writeCustomer(person, amsId) {
      if (amsId) {
        expectFound(await call('PUT', `customers/${amsId}`, customerBody(person)), 'The customer');
        return amsId;
      }
      const found = await call('GET', 'customers', undefined, { ExternalReference: ams360Reference(person.contactId) });
      const existing = (found.body.Customers as Ams360Record[] | undefined)?.[0];
      if (existing) {
        const id = String(existing.CustomerId);
        await call('PUT', `customers/${id}`, customerBody(person));
        return id;
      }
      return String((await call('POST', 'customers', customerBody(person))).body.CustomerId);
    },
    async writeContact(person, customerId, amsId) {
      if (amsId) {
        expectFound(await call('PUT', `contacts/${amsId}`, contactBody(person, customerId)), 'The customer contact');
        return amsId;
      }
      const found = await call('GET', `customers/${customerId}/contacts`, undefined, { ExternalReference: ams360Reference(person.contactId) });
      const existing = (found.body.CustomerContacts as Ams360Record[] | undefined)?.[0];
      if (existing) {
        const id = String(existing.CustomerContactId);
        await call('PUT', `contacts/${id}`, contactBody(person, customerId));
        return id;
      }
      return String((await call('POST', `customers/${customerId}/contacts`, contactBody(person, customerId))).body.CustomerContactId);
    },
    async changedSince(since) {
      const { body } = await call('GET', 'changes', undefined, since ? { since } : {});
      const records = [
        ...((body.Customers as Array<Record<string, unknown>>) ?? []).map((r) => toRecord(r, 'customer')),
        ...((body.CustomerContacts as Array<Record<string, unknown>>) ?? []).map((r) => toRecord(r, 'contact')),
      ];
      // AMS360 deletes no customer: nothing to tombstone.
      return { records, deleted: [], cursor: latestModified(records, since) };
    },
  };
}
