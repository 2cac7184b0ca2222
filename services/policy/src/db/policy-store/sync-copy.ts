import { buildEvent, policySyncPageCopiedV1, type EventData } from '@agencyflow/contracts';
import { sqlOf, writeOutbox } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { personKey } from '../../domain/policy-sync';
import type { Tx } from '../tx';

/**
 * Copies of one business take turns (a transaction-scoped advisory lock): a retried page that
 * overlaps a slow first attempt waits for it, then finds nothing to do.
 */
export async function lockBusinessCopies(db: Tx, businessId: string): Promise<void> {
  await sqlOf(db)`select pg_advisory_xact_lock(hashtext(${`policy-sync:${businessId}`}))`;
}

/**
 * Bulk work, coarse events: one policy-sync-page-copied for the page, and only when the page
 * wrote something (PS-6: a quiet re-sync is quiet on Kafka too).
 */
export async function recordPageCopied(db: Tx, page: EventData<typeof policySyncPageCopiedV1>): Promise<void> {
  if (page.inserted + page.updated === 0) return;
  await writeOutbox(db, [buildEvent(policySyncPageCopiedV1, { tenantId: page.businessId, aggregateId: page.businessId, data: page })]);
}

/**
 * Members stored before person keys existed get theirs now, once: the only place a sync
 * decrypts a date of birth, and only for rows an older import wrote.
 */
export async function fillMissingPersonKeys(db: Tx, cipher: FieldCipher, policyIds: string[]): Promise<void> {
  const tx = sqlOf(db);
  // Almost always none: the cheap probe (the primary key's policy_id prefix) comes first.
  const [probe] = await tx<{ n: number }[]>`
    select count(*)::int as n from policy_members where policy_id = any(${policyIds}::uuid[]) and person_key is null`;
  if (!probe?.n) return;
  const missing = await tx<{ id: string; first_name: string; last_name: string; date_of_birth_enc: string | null; carrier: string; policy_number: string }[]>`
    select m.id, m.first_name, m.last_name, m.date_of_birth_enc, p.carrier, p.policy_number
    from policy_members m join policies p on p.id = m.policy_id
    where m.policy_id = any(${policyIds}::uuid[]) and m.person_key is null`;
  if (missing.length === 0) return;
  const keys = missing.map((m) =>
    personKey(
      cipher,
      { firstName: m.first_name, lastName: m.last_name, dateOfBirth: cipher.decryptOptional(m.date_of_birth_enc) },
      { carrier: m.carrier, policyNumber: m.policy_number },
    ),
  );
  await tx`
    update policy_members m set person_key = k.person_key
    from unnest(${missing.map((m) => m.id)}::uuid[], ${keys}::text[]) as k(id, person_key)
    where m.id = k.id`;
}

/**
 * The copy itself, one statement: the source policies with their holder (the member whose
 * person holds the policy's account: the policyholder, else, for a policy a carrier sent without
 * one, the first member key in code-point order, never a database collation's) and a fingerprint of their
 * members; the upsert of the changed or new copies (in carrier and policy number order, so
 * concurrent writers lock rows in one order); the removal of members the source no longer has;
 * the upsert of the members of every written copy.
 */
export async function copyPageIntoBusiness(
  db: Tx,
  who: { businessId: string; requestedBy: string },
  ids: string[],
): Promise<{ inserted: number; written: number; members: number }> {
  const tx = sqlOf(db);
  const { businessId, requestedBy } = who;
  const [counts] = await tx<{ inserted: number; written: number; members: number }[]>`
    with source_member as materialized (
      -- By the primary key's policy_id prefix: an id array is estimated right, a joined CTE
      -- was not (it turned into scans of every member of the book, page after page).
      select m.policy_id, m.member_key, m.fingerprint, m.person_key
      from policy_members m where m.policy_id = any(${ids}::uuid[])
    ), holder as (
      select distinct on (m.policy_id) m.policy_id, m.person_key
      from source_member m
      order by m.policy_id, (m.member_key = 'policyholder') desc, m.member_key collate "C"
    ), digest as (
      select m.policy_id, count(*)::int as members,
        string_agg(m.member_key || ':' || m.fingerprint || ':' || m.person_key, ',' order by m.member_key collate "C") as members_digest
      from source_member m
      group by m.policy_id
    ), source as (
      select p.*, coalesce(d.members, 0) as members,
        case when h.person_key is null then null else deterministic_uuid(array['synced-account', ${businessId}, h.person_key]) end as copy_account_id,
        case when h.person_key is null then null else deterministic_uuid(array['synced-contact', ${businessId}, h.person_key]) end as copy_holder_id,
        md5(p.fingerprint || '|' || coalesce(d.members_digest, '')) as copy_sync_fingerprint
      from policies p
      left join holder h on h.policy_id = p.id
      left join digest d on d.policy_id = p.id
      where p.id = any(${ids}::uuid[])
    ), written as (
      insert into policies as c (
        tenant_id, carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium, writing_agent_npn,
        account_id, policyholder_contact_id, source, fingerprint, synced_from, sync_fingerprint, created_by, updated_by)
      select ${businessId}, s.carrier, s.policy_number, s.coverage_type, s.status, s.effective_date, s.renewal_date, s.premium,
        s.writing_agent_npn, s.copy_account_id, s.copy_holder_id, 'policy-sync', s.fingerprint, s.id, s.copy_sync_fingerprint,
        ${requestedBy}, ${requestedBy}
      from source s
      order by s.carrier collate "C", s.policy_number collate "C"
      on conflict (tenant_id, carrier, policy_number) do update set
        coverage_type = excluded.coverage_type, status = excluded.status, effective_date = excluded.effective_date,
        renewal_date = excluded.renewal_date, premium = excluded.premium, writing_agent_npn = excluded.writing_agent_npn,
        account_id = excluded.account_id, policyholder_contact_id = excluded.policyholder_contact_id, source = excluded.source,
        fingerprint = excluded.fingerprint, synced_from = excluded.synced_from, sync_fingerprint = excluded.sync_fingerprint,
        revision = c.revision + 1, updated_by = excluded.updated_by, updated_at = now()
      where c.sync_fingerprint is distinct from excluded.sync_fingerprint
        or c.synced_from is distinct from excluded.synced_from
        or c.source <> 'policy-sync'
      returning c.id, c.synced_from, (xmax = 0) as inserted
    ), removed as (
      delete from policy_members pm using written w
      where pm.policy_id = w.id and not w.inserted
        and not exists (select 1 from policy_members s where s.policy_id = w.synced_from and s.member_key = pm.member_key)
      returning 1
    ), copied_members as (
      insert into policy_members as pm (
        policy_id, tenant_id, member_key, relationship, first_name, last_name, date_of_birth_enc, gender, email,
        phone, address_line1, city, state, zip, mbi_enc, contact_id, fingerprint, person_key)
      select w.id, ${businessId}, s.member_key, s.relationship, s.first_name, s.last_name, s.date_of_birth_enc, s.gender, s.email,
        s.phone, s.address_line1, s.city, s.state, s.zip, s.mbi_enc,
        deterministic_uuid(array['synced-contact', ${businessId}, s.person_key]), s.fingerprint, s.person_key
      from written w join policy_members s on s.policy_id = w.synced_from and s.policy_id = any(${ids}::uuid[])
      order by w.id, s.member_key collate "C"
      on conflict (policy_id, member_key) do update set
        relationship = excluded.relationship, first_name = excluded.first_name, last_name = excluded.last_name,
        date_of_birth_enc = excluded.date_of_birth_enc, gender = excluded.gender, email = excluded.email,
        phone = excluded.phone, address_line1 = excluded.address_line1, city = excluded.city, state = excluded.state,
        zip = excluded.zip, mbi_enc = excluded.mbi_enc, contact_id = excluded.contact_id, fingerprint = excluded.fingerprint,
        person_key = excluded.person_key, updated_at = now()
      where pm.fingerprint is distinct from excluded.fingerprint or pm.contact_id is distinct from excluded.contact_id
      returning 1
    )
    select (select count(*)::int from written where inserted) as inserted,
      (select count(*)::int from written) as written,
      (select coalesce(sum(members), 0)::int from source) as members,
      (select count(*)::int from removed) + (select count(*)::int from copied_members) as member_writes`;
  return counts!;
}
