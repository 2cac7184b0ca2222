import type { TransactionSql } from 'postgres';
import {
  accountCreatedV1,
  accountStatusChangedV1,
  buildEvent,
  contactAddedV1,
  type OutgoingEvent,
  type SyncedContactsResult,
  type SyncedMember,
} from '@agencyflow/contracts';
import { writeOutboxBulk, type Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';

const SYNC_ACTOR = 'policy-sync';
const contactGender = (gender: string | null) => (gender === 'female' || gender === 'male' ? gender : gender ? 'unknown' : null);

/**
 * PS-5: a page of synced members becomes contacts, grouped in one account per policyholder, in
 * one transaction with a few set-based statements. Contact and account ids are deterministic,
 * so a re-sync (or a retried page) updates instead of duplicating, and an unchanged member
 * (same keyed fingerprint) is not touched at all (PS-6). Protected fields are encrypted before
 * they reach the table (X-4). A person keeps the first account they were synced into.
 */
export async function upsertSyncedContacts(
  database: Database,
  cipher: FieldCipher,
  businessId: string,
  members: SyncedMember[],
): Promise<SyncedContactsResult> {
  if (members.length === 0) return { accountsCreated: 0, contactsCreated: 0, contactsUpdated: 0, membersWithoutEmail: 0 };
  return database.sql.begin(async (tx) => {
    const accountsCreated = await insertAccounts(tx, businessId, members);
    const contacts = await upsertContacts(tx, cipher, businessId, members);
    const statusChanges = await activateAccountsWithActivePolicies(tx, businessId, [...new Set(members.map((m) => m.accountId))]);

    const events: OutgoingEvent[] = [
      ...accountsCreated.map((a) =>
        buildEvent(accountCreatedV1, { tenantId: businessId, aggregateId: a.id, data: { accountId: a.id, name: a.name, status: 'prospect', createdBy: SYNC_ACTOR } }),
      ),
      ...contacts.filter((c) => c.inserted).map((c) =>
        buildEvent(contactAddedV1, {
          tenantId: businessId,
          aggregateId: c.account_id,
          data: {
            contactId: c.id, accountId: c.account_id, role: c.role, relation: c.relation, displayName: `${c.first_name} ${c.last_name}`,
            email: c.email, status: c.status, servicingAgentId: null, source: 'policy-sync', addedBy: SYNC_ACTOR,
          },
        }),
      ),
      ...statusChanges.map((s) =>
        buildEvent(accountStatusChangedV1, {
          tenantId: businessId,
          aggregateId: s.id,
          data: { accountId: s.id, status: 'active', previousStatus: s.previous, cause: 'policies', contactIds: s.contact_ids, changedBy: SYNC_ACTOR },
        }),
      ),
    ];
    await writeOutboxBulk(tx, events);
    return {
      accountsCreated: accountsCreated.length,
      contactsCreated: contacts.filter((c) => c.inserted).length,
      contactsUpdated: contacts.filter((c) => !c.inserted).length,
      membersWithoutEmail: members.filter((m) => !m.email).length,
    };
  });
}

/** One account per policyholder, named after them; existing accounts are left alone. */
function insertAccounts(tx: TransactionSql, businessId: string, members: SyncedMember[]) {
  const primaries = members.filter((m) => m.role === 'primary');
  if (primaries.length === 0) return Promise.resolve([] as Array<{ id: string; name: string }>);
  return tx<Array<{ id: string; name: string }>>`
    insert into accounts (id, tenant_id, name, status, created_by)
    select u.id, ${businessId}, u.name, 'prospect', ${SYNC_ACTOR}
    from unnest(${primaries.map((m) => m.accountId)}::uuid[], ${primaries.map((m) => `${m.firstName} ${m.lastName}`)}::text[]) as u(id, name)
    on conflict (id) do nothing
    returning id, name`;
}

interface UpsertedContact {
  id: string;
  inserted: boolean;
  account_id: string;
  role: 'primary' | 'secondary';
  relation: 'spouse' | 'dependent' | 'other' | null;
  first_name: string;
  last_name: string;
  email: string | null;
  status: 'prospect' | 'active' | 'inactive';
}

/**
 * Inserts new contacts with the account's status (ACC-8); updates changed ones (fields only:
 * a contact never moves account or role through a sync). If the account already has another
 * primary (a user changed it), the member joins as a secondary (ACC-1 keeps one primary).
 */
function upsertContacts(tx: TransactionSql, cipher: FieldCipher, businessId: string, members: SyncedMember[]) {
  const col = <T>(pick: (m: SyncedMember) => T) => members.map(pick);
  return tx<UpsertedContact[]>`
    insert into contacts (
      id, tenant_id, account_id, role, relation, status, source, first_name, last_name, email, cell_phone,
      address_line1, city, state, zip, gender, date_of_birth_enc, mbi_enc, sync_fingerprint, created_by)
    select u.id, ${businessId}, u.account_id,
      case when u.role = 'primary' and exists (
        select 1 from contacts p where p.account_id = u.account_id and p.role = 'primary' and p.id <> u.id) then 'secondary' else u.role end,
      case when u.role = 'primary' and exists (
        select 1 from contacts p where p.account_id = u.account_id and p.role = 'primary' and p.id <> u.id) then 'other' else u.relation end,
      a.status, 'policy-sync', u.first_name, u.last_name, u.email, u.phone, u.address_line1, u.city, u.state, u.zip, u.gender,
      u.dob_enc, u.mbi_enc, u.fingerprint, ${SYNC_ACTOR}
    from unnest(
      ${col((m) => m.contactId)}::uuid[], ${col((m) => m.accountId)}::uuid[], ${col((m) => m.role)}::text[], ${col((m) => m.relation)}::text[],
      ${col((m) => m.firstName)}::text[], ${col((m) => m.lastName)}::text[], ${col((m) => m.email)}::text[], ${col((m) => m.phone)}::text[],
      ${col((m) => m.addressLine1)}::text[], ${col((m) => m.city)}::text[], ${col((m) => m.state)}::text[], ${col((m) => m.zip)}::text[],
      ${col((m) => contactGender(m.gender))}::text[], ${col((m) => cipher.encryptOptional(m.dateOfBirth))}::text[],
      ${col((m) => cipher.encryptOptional(m.mbi))}::text[], ${col((m) => cipher.fingerprint(`synced-member:${JSON.stringify(m)}`))}::text[]
    ) as u(id, account_id, role, relation, first_name, last_name, email, phone, address_line1, city, state, zip, gender, dob_enc, mbi_enc, fingerprint)
    join accounts a on a.id = u.account_id
    on conflict (id) do update set
      first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email, cell_phone = excluded.cell_phone,
      address_line1 = excluded.address_line1, city = excluded.city, state = excluded.state, zip = excluded.zip, gender = excluded.gender,
      date_of_birth_enc = excluded.date_of_birth_enc, mbi_enc = excluded.mbi_enc, sync_fingerprint = excluded.sync_fingerprint, updated_at = now()
    where contacts.sync_fingerprint is distinct from excluded.sync_fingerprint
    returning id, (xmax = 0) as inserted, account_id, role, relation, first_name, last_name, email, status`;
}

/**
 * ACC-6 for accounts made by the sync: the policy events may have been consumed before the
 * account existed, so an account whose policies are already known active becomes active here,
 * with its contacts (ACC-8).
 */
function activateAccountsWithActivePolicies(tx: TransactionSql, businessId: string, accountIds: string[]) {
  return tx<Array<{ id: string; previous: 'prospect' | 'inactive'; contact_ids: string[] }>>`
    with target as (
      select a.id, a.status as previous from accounts a
      where a.tenant_id = ${businessId} and a.id = any(${accountIds}::uuid[]) and a.status <> 'active'
        and exists (select 1 from policy_summaries s where s.account_id = a.id and s.status = 'active' and not s.deleted)
      for update
    ), updated as (
      update accounts a set status = 'active', updated_at = now() from target where a.id = target.id returning a.id
    ), cascaded as (
      update contacts c set status = 'active', updated_at = now() from updated where c.account_id = updated.id returning c.id, c.account_id
    )
    select t.id, t.previous, coalesce(array_agg(c.id) filter (where c.id is not null), '{}') as contact_ids
    from target t left join cascaded c on c.account_id = t.id group by t.id, t.previous`;
}
