import { randomUUID } from 'node:crypto';
import { answer, bearer, changedSince, digits, live, message, notFound, refusal, text, type Dialect, type DialectCall } from './dialect';
import type { AmsRecord } from '../store';

const insuredView = (r: AmsRecord) => ({
  databaseId: r.id,
  firstName: r.firstName,
  lastName: r.lastName,
  eMail: r.email,
  phone: r.phone,
  active: r.active,
  changeDate: r.modified,
});
const principalView = (r: AmsRecord) => ({ ...insuredView(r), insuredDatabaseId: r.parentId });

const fieldsOf = (body: Record<string, unknown>) => ({
  firstName: text(body.firstName) ?? '',
  lastName: text(body.lastName) ?? '',
  email: text(body.eMail),
  phone: digits(body.phone),
});

/** OData as NowCerts takes it, the part the adapters use: `changeDate gt <iso>`, newest first by default, $top/$skip. */
function odata(records: AmsRecord[], query: URLSearchParams) {
  const since = /changeDate gt '?([^']+)'?/.exec(query.get('$filter') ?? '')?.[1] ?? null;
  const after = since ? Date.parse(since) : -Infinity;
  const ascending = (query.get('$orderby') ?? '').trim() === 'changeDate asc';
  const matched = records.filter((r) => Date.parse(r.modified) > after).sort((a, b) => (ascending ? 1 : -1) * a.modified.localeCompare(b.modified));
  const skip = Number(query.get('$skip') ?? 0);
  const top = Number(query.get('$top') ?? 500);
  return { matched, page: matched.slice(skip, skip + top) };
}

/**
 * NowCerts (REST plus OData): insureds with a GUID databaseId; principals link to their insured by
 * insuredDatabaseId (which must exist); InsuredAndPolicies/Insert and Principal/Insert upsert by
 * databaseId, so a client that chooses the databaseId itself never makes a second record; deleted
 * insureds are listed separately (tombstones).
 */
export const nowcerts: Dialect = {
  kind: 'nowcerts',
  isWrite: (method) => method === 'POST' || method === 'PUT',
  authorized: bearer,
  handle({ method, segments, query, body, tenant, store }: DialectCall) {
    const path = segments.join('/');
    if (method === 'DELETE') return message(405, 'Delete is not supported.');
    if (path === 'ping' && method === 'GET') return answer(200, { product: 'NowCerts' });
    if (method === 'GET' && (path === 'InsuredList' || path === 'PrincipalList' || path === 'DeletedInsuredList')) {
      const kind = path === 'PrincipalList' ? 'contact' : 'customer';
      const all = changedSince(tenant, null, kind, path === 'DeletedInsuredList');
      const { matched, page } = odata(all, query);
      return answer(200, { '@odata.count': matched.length, value: page.map(kind === 'contact' ? principalView : insuredView) });
    }
    if (method === 'POST' && (path === 'InsuredAndPolicies/Insert' || path === 'Principal/Insert')) {
      const isPrincipal = path === 'Principal/Insert';
      const wire = (isPrincipal ? body : body.insured) as Record<string, unknown> | undefined;
      if (!wire || typeof wire !== 'object') return message(400, isPrincipal ? 'Principal is required.' : 'insured is required.');
      const parentId = isPrincipal ? text(wire.insuredDatabaseId) : null;
      if (isPrincipal && !live(tenant, parentId ?? undefined, 'customer')) return message(400, 'Insured with insuredDatabaseId was not found.');
      const fields = fieldsOf(wire);
      const refused = refusal(tenant, store, fields);
      if (refused) return refused;
      const databaseId = text(wire.databaseId) ?? randomUUID();
      const existing = tenant.records.get(databaseId);
      const active = wire.active !== false;
      const record = existing
        ? store.update(existing, { ...fields, parentId, active, deleted: false })
        : store.insert(tenant, { id: databaseId, kind: isPrincipal ? 'contact' : 'customer', parentId, externalRef: null, ...fields, active, sortOrder: 0 });
      return answer(200, { databaseId: record.id }, { recordId: record.id, ref: record.id });
    }
    return notFound('Resource');
  },
};
