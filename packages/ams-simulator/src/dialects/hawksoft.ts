import { answer, changedSince, message, notFound, type Dialect, type DialectCall } from './dialect';
import type { AmsRecord, SimTenant } from '../store';

const clientView = (tenant: SimTenant, r: AmsRecord) => ({
  clientNumber: r.number,
  clientId: r.id,
  status: r.active ? 'Active' : 'Inactive',
  modified: r.modified,
  people: [{ firstName: r.firstName, lastName: r.lastName, email: r.email, phone: r.phone }],
  contacts: [...tenant.records.values()]
    .filter((c) => c.kind === 'contact' && c.parentId === r.id && !c.deleted)
    .map((c) => ({ contactId: c.id, firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.phone, modified: c.modified })),
});

/**
 * HawkSoft Partner API v3: reads only. Basic auth and `version=3.0` on every request; agencies,
 * then clients changed (or deleted) since `asOf`, then each client. A contact's change counts as
 * its client's. 403 means the agency opted out (the server answers it before this).
 */
export const hawksoft: Dialect = {
  kind: 'hawksoft',
  isWrite: (method) => method !== 'GET',
  authorized: (headers, credentials) => headers.authorization === `Basic ${Buffer.from(credentials).toString('base64')}`,
  handle({ method, segments, query, tenant }: DialectCall) {
    if (query.get('version') !== '3.0') return message(400, 'The version parameter is required (3.0).');
    if (method !== 'GET') return message(405, 'The HawkSoft Partner API is read-only.');
    const [root, agency, sub, id] = segments;
    if (root === 'ping') return answer(200, { product: 'HawkSoft', version: '3.0' });
    if (root !== 'agencies') return notFound('Resource');
    if (!agency) return answer(200, [{ agencyId: tenant.id }]);
    if (agency !== tenant.id || sub !== 'clients') return notFound('Agency');
    const asOf = query.get('asOf');
    if (id === 'changed') {
      const changed = new Set<string>();
      for (const r of changedSince(tenant, asOf, 'customer')) changed.add(r.id);
      for (const c of changedSince(tenant, asOf, 'contact')) if (c.parentId) changed.add(c.parentId);
      return answer(200, [...changed].map((clientId) => tenant.records.get(clientId)!.number));
    }
    if (id === 'deleted') return answer(200, changedSince(tenant, asOf, 'customer', true).map((r) => ({ clientNumber: r.number, clientId: r.id })));
    const client = [...tenant.records.values()].find((r) => r.kind === 'customer' && String(r.number) === id && !r.deleted);
    return client ? answer(200, clientView(tenant, client), { recordId: client.id }) : notFound('Client');
  },
};
