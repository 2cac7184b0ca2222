import { policySyncPageCopiedV1, buildEvent, type CopyPolicyPageInput, type CopyPolicyPageResult } from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type Database, type SqlExecutor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { isBusinessTenant, isUuid, personKey, PolicySyncInputError } from '../domain/policy-sync';

/** The most policies one page may copy; the page's coarse events stay well under Kafka's message limit. */
export const maxPolicySyncPageSize = 2000;

const NPN = /^\d{1,10}$/;

const emptyPage = (nextCursor: string | null): CopyPolicyPageResult => ({
  policies: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  members: 0,
  perNpn: {},
  through: null,
  nextCursor,
});

/**
 * PS-4/5/6: copies one page of the FMO's book into an Agent CRM business, in the database.
 *
 * The page is the FMO tenant's policies whose writing agent NPN is one of `npns` and nothing
 * else (HIPAA minimum necessary), in policy id order after the cursor. Each is upserted into
 * the business by (carrier, policy number), remembering its source (`synced_from`), with its
 * members by (policy, member key): ciphertext copied as it is, contact and account ids derived
 * in SQL from the person keys stored at import (`deterministic_uuid`, the twin of
 * deterministicUuid), so every run and every retry computes the same links without decrypting
 * anything. A copy whose sync fingerprint (source content, members and their person keys) is
 * unchanged is not touched: no revision (PS-6).
 *
 * Bulk work emits one coarse event for the page (when it wrote anything), not one per policy;
 * the account side reads the copies by source id range. Pages of one business take turns (advisory lock), so a retry that
 * overlaps a slow first attempt waits for it and then finds nothing to do.
 */
export async function copyPolicyPage(
  { database, fieldCipher }: { database: Database; fieldCipher: FieldCipher },
  input: CopyPolicyPageInput,
): Promise<CopyPolicyPageResult> {
  const { fmoTenantId, businessId, after, limit, requestedBy, runId, page: pageNumber } = validate(input);
  const npns = [...new Set(input.npns)];
  if (npns.length === 0) return emptyPage(null);

  return database.db.transaction(async (db) => {
    const tx = sqlOf(db);
    await tx`select pg_advisory_xact_lock(hashtext(${`policy-sync:${businessId}`}))`;

    // One keyset walk per NPN on (tenant_id, writing_agent_npn, id), merged: each page reads at
    // most (limit + 1) index entries per NPN, however big the book. The extra row says whether
    // another page follows.
    const probe = await tx<{ id: string; writing_agent_npn: string }[]>`
      select s.id, s.writing_agent_npn from unnest(${npns}::text[]) as n(npn)
      cross join lateral (
        select p.id, p.writing_agent_npn from policies p
        where p.tenant_id = ${fmoTenantId} and p.writing_agent_npn = n.npn
          ${after === null ? tx`` : tx`and p.id > ${after}::uuid`}
        order by p.id limit ${limit + 1}
      ) s
      order by s.id limit ${limit + 1}`;
    const page = probe.slice(0, limit);
    const nextCursor = probe.length > limit ? page[page.length - 1]!.id : null;
    // PS-4 belt and braces: the query above is the rule; this makes a mistake in it loud.
    if (page.some((p) => !npns.includes(p.writing_agent_npn))) throw new Error('policy sync read a policy of another NPN');
    if (page.length === 0) return emptyPage(nextCursor);
    const ids = page.map((p) => p.id);
    const through = ids[ids.length - 1]!;

    await fillMissingPersonKeys(tx, fieldCipher, ids);
    const counts = await copyPage(tx, { businessId, requestedBy }, ids);

    const perNpn: Record<string, number> = {};
    for (const p of page) perNpn[p.writing_agent_npn] = (perNpn[p.writing_agent_npn] ?? 0) + 1;
    const result: CopyPolicyPageResult = {
      policies: page.length,
      inserted: counts.inserted,
      updated: counts.written - counts.inserted,
      unchanged: page.length - counts.written,
      members: counts.members,
      perNpn,
      through,
      nextCursor,
    };
    // A page that changed nothing publishes nothing (PS-6: a quiet re-sync is quiet on Kafka too).
    if (counts.written > 0) await writeOutbox(db, [
      buildEvent(policySyncPageCopiedV1, {
        tenantId: businessId,
        aggregateId: businessId,
        data: {
          businessId,
          fmoTenantId,
          runId,
          page: pageNumber,
          after,
          through,
          policies: result.policies,
          inserted: result.inserted,
          updated: result.updated,
          unchanged: result.unchanged,
          members: result.members,
          copiedBy: requestedBy,
        },
      }),
    ]);
    return result;
  });
}

function validate(input: CopyPolicyPageInput): CopyPolicyPageInput {
  const { fmoTenantId, businessId, after, limit, requestedBy, npns, runId, page } = input;
  if (!isBusinessTenant(businessId)) throw new PolicySyncInputError('businessId must be the business\'s uuid');
  if (!fmoTenantId || fmoTenantId === businessId) throw new PolicySyncInputError('the FMO tenant must be another tenant than the business');
  if (after !== null && !isUuid(after)) throw new PolicySyncInputError('after must be a cursor a previous page returned');
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPolicySyncPageSize) {
    throw new PolicySyncInputError(`limit must be 1 to ${maxPolicySyncPageSize}`);
  }
  if (!requestedBy) throw new PolicySyncInputError('requestedBy is required');
  if (!isUuid(runId ?? '') || !Number.isInteger(page) || page < 0) throw new PolicySyncInputError('runId and page identify the sync page');
  if (!Array.isArray(npns) || npns.some((npn) => !NPN.test(npn))) throw new PolicySyncInputError('every NPN is 1 to 10 digits');
  return input;
}

/**
 * Members stored before person keys existed get theirs now, once: the only place a sync
 * decrypts a date of birth, and only for rows an older import wrote.
 */
async function fillMissingPersonKeys(tx: SqlExecutor, cipher: FieldCipher, policyIds: string[]): Promise<void> {
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
async function copyPage(
  tx: SqlExecutor,
  who: { businessId: string; requestedBy: string },
  ids: string[],
): Promise<{ inserted: number; written: number; members: number }> {
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
