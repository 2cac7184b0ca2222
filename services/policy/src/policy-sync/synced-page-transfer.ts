import { syncedPageColumns, type SyncedPageColumn } from '@agencyflow/contracts';
import { copyText, type Database } from '@agencyflow/db';
import { isBusinessTenant, isUuid, PolicySyncInputError } from '../domain/policy-sync';

/**
 * Where each transferred column comes from (see syncedPageColumns): one line per member of each
 * copy; a copy without members gives one line with null member columns.
 */
const source: Record<SyncedPageColumn, string> = {
  policy_id: 'c.id::text',
  revision: 'c.revision::text',
  carrier: 'c.carrier',
  policy_number: 'c.policy_number',
  coverage_type: 'c.coverage_type',
  status: 'c.status',
  effective_date: 'c.effective_date::text',
  renewal_date: 'c.renewal_date::text',
  premium: 'c.premium::text',
  account_id: 'c.account_id::text',
  policyholder_contact_id: 'c.policyholder_contact_id::text',
  synced_from: 'c.synced_from::text',
  member_key: 'm.member_key',
  relationship: 'm.relationship',
  contact_id: 'm.contact_id::text',
  first_name: 'm.first_name',
  last_name: 'm.last_name',
  date_of_birth_enc: 'm.date_of_birth_enc',
  gender: 'm.gender',
  email: 'm.email',
  phone: 'm.phone',
  address_line1: 'm.address_line1',
  city: 'm.city',
  state: 'm.state',
  zip: 'm.zip',
  mbi_enc: 'm.mbi_enc',
  member_fingerprint: 'm.fingerprint',
};
const pageColumns = syncedPageColumns.map(([name]) => source[name]).join(', ');

/**
 * A business's copies of one sync page, the FMO policy ids in (after, through], as COPY text
 * (one page: bounded, read in one query). Nothing is decrypted here, and protected fields leave
 * as the ciphertext they are (the account service holds the same field keys; the key id in each
 * value keeps rotation possible). Only the business's own copies are read (its tenant), so
 * PS-4's NPN filter, applied when the page was copied, is the only way a policy gets here.
 *
 * Not `COPY ... TO STDOUT`: postgres.js can leave a connection stuck when a COPY stream meets
 * back-pressure at its very end (a slow reader), which would drain the pool.
 */
export async function readSyncedPage(
  database: Database,
  { businessId, after, through }: { businessId: string; after: string | null; through: string },
): Promise<string> {
  if (!isBusinessTenant(businessId) || (after !== null && !isUuid(after)) || !isUuid(through)) {
    throw new PolicySyncInputError('businessId, after and through must be uuids');
  }
  const rows: (string | null)[][] = await database.sql.begin((tx) =>
    tx.unsafe(
      `select ${pageColumns}
       from policies c left join policy_members m on m.policy_id = c.id
       where c.tenant_id = $1 and c.synced_from > $2::uuid and c.synced_from <= $3::uuid
       order by c.synced_from, m.member_key collate "C"`,
      [businessId, after ?? '00000000-0000-0000-0000-000000000000', through],
    )
    .values(),
  );
  return copyText(rows);
}
