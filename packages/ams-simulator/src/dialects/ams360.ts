import { answer, changedSince, digits, live, message, notFound, refusal, text, type Dialect, type DialectCall } from './dialect';
import type { AmsRecord } from '../store';

/** AMS360 splits every phone into area code, number and extension. */
interface Ams360Phone {
  AreaCode: string;
  Number: string;
  Extension: string;
}
const splitPhone = (phone: string | null): Ams360Phone | null =>
  phone ? { AreaCode: phone.slice(0, 3), Number: phone.slice(3, 10), Extension: phone.slice(10) } : null;
const joinPhone = (value: unknown): string | null => {
  if (!value || typeof value !== 'object') return null;
  const p = value as Partial<Ams360Phone>;
  return digits(`${p.AreaCode ?? ''}${p.Number ?? ''}${p.Extension ?? ''}`);
};

const customerView = (r: AmsRecord) => ({
  CustomerId: r.id,
  CustomerNumber: r.number,
  FirstName: r.firstName,
  LastName: r.lastName,
  Email: r.email,
  HomePhone: splitPhone(r.phone),
  IsActive: r.active,
  ExternalReference: r.externalRef,
  DateChanged: r.modified,
});
const contactView = (r: AmsRecord) => ({
  CustomerContactId: r.id,
  CustomerId: r.parentId,
  FirstName: r.firstName,
  LastName: r.lastName,
  Email: r.email,
  CellPhone: splitPhone(r.phone),
  SortOrder: r.sortOrder,
  ExternalReference: r.externalRef,
  DateChanged: r.modified,
});

const fieldsOf = (body: Record<string, unknown>, phoneKey: string) => ({
  firstName: text(body.FirstName) ?? '',
  lastName: text(body.LastName) ?? '',
  email: text(body.Email),
  phone: joinPhone(body[phoneKey]),
});

/**
 * AMS360 (Vertafore WSAPI, rendered as JSON): GUID CustomerId plus an integer CustomerNumber,
 * split phones, CustomerContacts whose parent customer must exist on insert and update, no
 * primary-contact flag (the customer's own detail is the primary person), no delete. Retried adds
 * are found by the client's ExternalReference (lookup before create).
 */
export const ams360: Dialect = {
  kind: 'ams360',
  isWrite: (method) => method !== 'GET',
  authorized: (headers, credentials) => headers['x-ams360-token'] === credentials,
  handle({ method, segments, query, body, tenant, store }: DialectCall) {
    const [root, id, sub] = segments;
    if (method === 'DELETE') return message(405, `Delete is not permitted for ${root === 'contacts' ? 'CustomerContact' : 'Customer'}.`);
    if (root === 'ping' && method === 'GET') return answer(200, { Product: 'AMS360', Version: 'WSAPI 3' });
    if (root === 'changes' && method === 'GET') {
      const since = query.get('since');
      return answer(200, { Customers: changedSince(tenant, since, 'customer').map(customerView), CustomerContacts: changedSince(tenant, since, 'contact').map(contactView) });
    }
    if (root === 'customers' && !id && method === 'GET') {
      const ref = query.get('ExternalReference');
      const found = [...tenant.records.values()].filter((r) => r.kind === 'customer' && !r.deleted && (!ref || r.externalRef === ref));
      return answer(200, { Customers: found.map(customerView) });
    }
    if (root === 'customers' && !id && method === 'POST') {
      const fields = fieldsOf(body, 'HomePhone');
      const refused = refusal(tenant, store, fields);
      if (refused) return refused;
      const created = store.insert(tenant, {
        kind: 'customer',
        parentId: null,
        number: tenant.nextNumber++,
        externalRef: text(body.ExternalReference),
        ...fields,
        active: body.IsActive !== false,
        sortOrder: 0,
      });
      return answer(201, { CustomerId: created.id, CustomerNumber: created.number }, { recordId: created.id, ref: created.externalRef ?? undefined });
    }
    if (root === 'customers' && id && !sub) {
      const customer = live(tenant, id, 'customer');
      if (!customer) return notFound('Customer');
      if (method === 'GET') return answer(200, customerView(customer), { recordId: id });
      if (method === 'PUT') {
        const fields = fieldsOf(body, 'HomePhone');
        const refused = refusal(tenant, store, fields);
        if (refused) return refused;
        store.update(customer, { ...fields, ...(typeof body.IsActive === 'boolean' ? { active: body.IsActive } : {}) });
        return answer(200, customerView(customer), { recordId: id, ref: customer.externalRef ?? undefined });
      }
    }
    if (root === 'customers' && id && sub === 'contacts') {
      // Parent must exist, on reads and inserts alike.
      if (!live(tenant, id, 'customer')) return message(400, 'CustomerId does not exist.');
      if (method === 'GET') {
        const ref = query.get('ExternalReference');
        const found = [...tenant.records.values()].filter((r) => r.kind === 'contact' && !r.deleted && r.parentId === id && (!ref || r.externalRef === ref));
        return answer(200, { CustomerContacts: found.map(contactView) });
      }
      if (method === 'POST') {
        const fields = fieldsOf(body, 'CellPhone');
        const refused = refusal(tenant, store, fields);
        if (refused) return refused;
        const siblings = [...tenant.records.values()].filter((r) => r.kind === 'contact' && r.parentId === id).length;
        const created = store.insert(tenant, {
          kind: 'contact',
          parentId: id,
          externalRef: text(body.ExternalReference),
          ...fields,
          active: true,
          sortOrder: typeof body.SortOrder === 'number' ? body.SortOrder : siblings + 1,
        });
        return answer(201, { CustomerContactId: created.id }, { recordId: created.id, ref: created.externalRef ?? undefined });
      }
    }
    if (root === 'contacts' && id && method === 'PUT') {
      const contact = live(tenant, id, 'contact');
      if (!contact) return notFound('CustomerContact');
      if (!live(tenant, text(body.CustomerId) ?? undefined, 'customer')) return message(400, 'CustomerId does not exist.');
      const fields = fieldsOf(body, 'CellPhone');
      const refused = refusal(tenant, store, fields);
      if (refused) return refused;
      store.update(contact, { ...fields, parentId: text(body.CustomerId) });
      return answer(200, contactView(contact), { recordId: id, ref: contact.externalRef ?? undefined });
    }
    return notFound('Resource');
  },
};
