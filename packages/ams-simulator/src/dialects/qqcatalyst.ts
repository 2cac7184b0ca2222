import { answer, bearer, changedSince, digits, live, message, notFound, refusal, text, type Dialect, type DialectCall } from './dialect';
import type { AmsRecord } from '../store';

const view = (r: AmsRecord) => ({
  ContactId: Number(r.id),
  ParentContactId: r.parentId === null ? null : Number(r.parentId),
  FirstName: r.firstName,
  LastName: r.lastName,
  Email: r.email,
  Phone: r.phone,
  Status: r.active ? 'Active' : 'Inactive',
  ExternalId: r.externalRef,
  LastModified: r.modified,
});

const fieldsOf = (body: Record<string, unknown>) => ({
  firstName: text(body.FirstName) ?? '',
  lastName: text(body.LastName) ?? '',
  email: text(body.Email),
  phone: digits(body.Phone),
});

/**
 * QQCatalyst (REST/JSON, OAuth bearer): contacts with integer ids; household members are contacts
 * related to a customer contact (ParentContactId, which must exist); phones unsplit; no delete.
 * A client-chosen ExternalId is unique per agency: a second insert with it answers 409 with the
 * id of the contact it already made (the client's retried add finds its record).
 */
export const qqcatalyst: Dialect = {
  kind: 'qqcatalyst',
  isWrite: (method) => method !== 'GET',
  authorized: bearer,
  handle({ method, segments, query, body, tenant, store }: DialectCall) {
    const [root, id] = segments;
    if (method === 'DELETE') return message(405, 'Contacts cannot be deleted.');
    if (root === 'ping' && method === 'GET') return answer(200, { Product: 'QQCatalyst' });
    if (root !== 'contacts') return notFound('Resource');
    if (!id && method === 'GET') {
      const since = query.get('modifiedSince');
      return answer(200, { Contacts: [...changedSince(tenant, since, 'customer'), ...changedSince(tenant, since, 'contact')].sort((a, b) => a.modified.localeCompare(b.modified)).map(view) });
    }
    if (!id && method === 'POST') {
      const externalRef = text(body.ExternalId);
      const existing = externalRef ? [...tenant.records.values()].find((r) => r.externalRef === externalRef && !r.deleted) : undefined;
      if (existing) return answer(409, { Message: 'A contact with this ExternalId already exists.', ContactId: Number(existing.id) }, { recordId: existing.id, ref: externalRef ?? undefined });
      const parentId = body.ParentContactId === undefined || body.ParentContactId === null ? null : String(body.ParentContactId);
      if (parentId !== null && !live(tenant, parentId, 'customer')) return message(400, 'ParentContactId does not exist.');
      const fields = fieldsOf(body);
      const refused = refusal(tenant, store, fields);
      if (refused) return refused;
      const created = store.insert(tenant, {
        id: String(tenant.nextNumber++),
        kind: parentId === null ? 'customer' : 'contact',
        parentId,
        externalRef,
        ...fields,
        active: body.Status !== 'Inactive',
        sortOrder: 0,
      });
      return answer(201, { ContactId: Number(created.id) }, { recordId: created.id, ref: externalRef ?? undefined });
    }
    const record = id === undefined ? undefined : (live(tenant, id, 'customer') ?? live(tenant, id, 'contact'));
    if (!record) return notFound('Contact');
    if (method === 'GET') return answer(200, view(record), { recordId: record.id });
    if (method === 'PUT') {
      if (record.parentId !== null && !live(tenant, record.parentId, 'customer')) return message(400, 'ParentContactId does not exist.');
      const fields = fieldsOf(body);
      const refused = refusal(tenant, store, fields);
      if (refused) return refused;
      store.update(record, { ...fields, ...(body.Status ? { active: body.Status !== 'Inactive' } : {}) });
      return answer(200, view(record), { recordId: record.id, ref: record.externalRef ?? undefined });
    }
    return notFound('Resource');
  },
};
