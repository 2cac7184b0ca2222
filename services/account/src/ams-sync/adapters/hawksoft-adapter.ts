import type { AmsAdapter, AmsInboundRecord } from './ams-adapter';
import { latestModified } from './ams-adapter';
import { AmsCallError } from './ams-errors';
import type { AmsCall } from './ams-http';

const EPOCH = '1970-01-01T00:00:00.000Z';

/**
 * HawkSoft Partner API v3: inbound only. Its documented endpoints are reads, so an add or sync
 * to it is refused for good with a clear message; a 403 (the agency opted out) is permanent too.
 */
export function hawksoftAdapter(call: AmsCall): AmsAdapter {
  const readOnly = async (): Promise<never> => {
    throw new AmsCallError('permanent', 'HawkSoft is read-only: contacts cannot be added or synced to it (its changes come in by the inbound poll).');
  };
  return {
    kind: 'hawksoft',
    // Nothing is written to HawkSoft, so no record carries a reference of ours.
    referenceFor: (contactId) => contactId,
    async testConnection() {
      await call('GET', 'agencies');
    },
    writeCustomer: readOnly,
    writeContact: readOnly,
    async changedSince(since) {
      const asOf = since ?? EPOCH;
      const agencies = ((await call('GET', 'agencies')).body.items as Array<{ agencyId: string }>) ?? [];
      const records: AmsInboundRecord[] = [];
      const deleted: string[] = [];
      for (const { agencyId } of agencies) {
        const changed = ((await call('GET', `agencies/${agencyId}/clients/changed`, undefined, { asOf })).body.items as number[]) ?? [];
        for (const clientNumber of changed) {
          const client = (await call('GET', `agencies/${agencyId}/clients/${clientNumber}`)).body;
          const person = (client.people as Array<Record<string, string | null>>)[0] ?? {};
          const clientId = String(client.clientId);
          records.push({
            amsId: clientId,
            kind: 'customer',
            parentAmsId: null,
            firstName: person.firstName ?? '',
            lastName: person.lastName ?? '',
            email: person.email ?? null,
            phone: person.phone ?? null,
            // HawkSoft's client status is set by hand; it is what the AMS says, so it is what we reflect.
            active: client.status !== 'Inactive',
            modified: String(client.modified),
            reference: null,
          });
          for (const c of (client.contacts as Array<Record<string, string | null>>) ?? []) {
            if (since && String(c.modified) <= since) continue;
            records.push({ amsId: String(c.contactId), kind: 'contact', parentAmsId: clientId, firstName: c.firstName ?? '', lastName: c.lastName ?? '', email: c.email ?? null, phone: c.phone ?? null, active: true, modified: String(c.modified), reference: null });
          }
        }
        const gone = ((await call('GET', `agencies/${agencyId}/clients/deleted`, undefined, { asOf })).body.items as Array<{ clientId: string }>) ?? [];
        deleted.push(...gone.map((g) => g.clientId));
      }
      return { records, deleted, cursor: latestModified(records, since) };
    },
  };
}
