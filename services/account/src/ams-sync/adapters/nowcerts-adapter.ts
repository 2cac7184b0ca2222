import { deterministicUuid } from '@agencyflow/contracts';
import type { AmsAdapter, AmsInboundRecord, AmsPerson } from './ams-adapter';
import { latestModified } from './ams-adapter';
import type { AmsCall } from './ams-http';

/** AMS-5 for NowCerts: the databaseId is chosen by us, from the CRM contact, and Insert upserts by it. */
export const nowcertsDatabaseId = (contactId: string) => deterministicUuid('nowcerts-database-id', contactId);

const PAGE = 500;

/**
 * NowCerts: the account is an insured, secondaries are its principals (insuredDatabaseId must
 * exist). Insert is an upsert keyed by databaseId, so a retried add writes the same record again.
 */
export function nowcertsAdapter(call: AmsCall): AmsAdapter {
  const fields = (p: AmsPerson) => ({ firstName: p.firstName, lastName: p.lastName, eMail: p.email, phone: p.phone, active: p.active });
  const toRecord = (r: Record<string, unknown>, kind: 'customer' | 'contact'): AmsInboundRecord => ({
    amsId: String(r.databaseId),
    kind,
    parentAmsId: kind === 'contact' ? String(r.insuredDatabaseId) : null,
    firstName: String(r.firstName ?? ''),
    lastName: String(r.lastName ?? ''),
    email: (r.eMail as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    active: r.active !== false,
    modified: String(r.changeDate),
    // The databaseId is the reference: the client chose it.
    reference: String(r.databaseId),
  });
  /** Every row of an OData list changed after `since`, oldest first, page by page. */
  async function list(path: string, since: string | null): Promise<Array<Record<string, unknown>>> {
    const rows: Array<Record<string, unknown>> = [];
    for (let skip = 0; ; skip += PAGE) {
      const params: Record<string, string> = { $orderby: 'changeDate asc', $top: String(PAGE), $skip: String(skip) };
      if (since) params.$filter = `changeDate gt '${since}'`;
      const page = ((await call('GET', path, undefined, params)).body.value as Array<Record<string, unknown>>) ?? [];
      rows.push(...page);
      if (page.length < PAGE) return rows;
    }
  }
  return {
    kind: 'nowcerts',
    referenceFor: nowcertsDatabaseId,
    async testConnection() {
      await call('GET', 'ping');
    },
    async writeCustomer(person, amsId) {
      const databaseId = amsId ?? nowcertsDatabaseId(person.contactId);
      const { body } = await call('POST', 'InsuredAndPolicies/Insert', { insured: { databaseId, ...fields(person) } });
      return String(body.databaseId ?? databaseId);
    },
    async writeContact(person, customerId, amsId) {
      const databaseId = amsId ?? nowcertsDatabaseId(person.contactId);
      const { body } = await call('POST', 'Principal/Insert', { databaseId, insuredDatabaseId: customerId, ...fields(person) });
      return String(body.databaseId ?? databaseId);
    },
    async changedSince(since) {
      const records = [...(await list('InsuredList', since)).map((r) => toRecord(r, 'customer')), ...(await list('PrincipalList', since)).map((r) => toRecord(r, 'contact'))];
      const deleted = (await list('DeletedInsuredList', since)).map((r) => String(r.databaseId));
      return { records, deleted, cursor: latestModified(records, since) };
    },
  };
}
