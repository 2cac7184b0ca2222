import { buildEvent, carrierFeedPageImportedV1, type PolicyStatus } from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type SqlExecutor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import type { FeedRow } from '../../domain/feed-row';
import type { Tx } from '../tx';
import { policyChangedEvent, type WrittenPolicyRow } from './events';

/**
 * PS-2, the store side of a carrier-feed page: policies upsert by (carrier, policy number) and
 * members by (policy, member key), each only when its fingerprint differs, set-based (a few
 * statements a page). Which rows reach here (consistent, not repeated) is the import's business.
 */

/** Who writes the page: the tenant whose book it is, and the user importing. */
export interface FeedWriter {
  tenantId: string;
  importedBy: string;
}

/** A validated feed row with what a page needs to place it. */
export interface PlacedFeedRow {
  row: number;
  feed: FeedRow;
  policyFingerprint: string;
  memberKey: string;
  memberFingerprint: string;
  /** PS-5: who the member is, computed here where the date of birth is in clear. */
  personKey: string;
}

const policyKey = (row: PlacedFeedRow) => `${row.feed.carrier}\u0000${row.feed.policyNumber}`;

const changedColumns = (tx: SqlExecutor) => tx`
  id, (xmax = 0) as inserted, revision, carrier, policy_number, coverage_type, status,
  effective_date::text as effective_date, renewal_date::text as renewal_date, premium::text as premium,
  writing_agent_npn, account_id, policyholder_contact_id, source`;

/**
 * Inserts new policies and updates those whose fingerprint changed; unchanged ones are only
 * read. Returns every policy's id, the changed rows and the statuses before the change.
 */
export async function upsertFeedPolicies(db: Tx, who: FeedWriter, rows: PlacedFeedRow[]) {
  const tx = sqlOf(db);
  const existing = await tx<{ id: string; carrier: string; policy_number: string; status: PolicyStatus; fingerprint: string }[]>`
    select p.id, p.carrier, p.policy_number, p.status, p.fingerprint
    from unnest(${rows.map((r) => r.feed.carrier)}::text[], ${rows.map((r) => r.feed.policyNumber)}::text[]) as k(carrier, policy_number)
    join policies p on p.tenant_id = ${who.tenantId} and p.carrier = k.carrier and p.policy_number = k.policy_number`;
  const before = new Map(existing.map((p) => [`${p.carrier}\u0000${p.policy_number}`, p]));
  const toWrite = rows.filter((r) => before.get(policyKey(r))?.fingerprint !== r.policyFingerprint);

  // The WHERE keeps a policy that changed meanwhile (e.g. in the CRM) to the same content untouched.
  // date[] and numeric[] travel as text[]: the shared client's serializers pass those types through raw.
  const changed = toWrite.length === 0 ? [] : await tx<WrittenPolicyRow[]>`
    insert into policies as p (
      tenant_id, carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium,
      writing_agent_npn, source, fingerprint, created_by, updated_by)
    select ${who.tenantId}, k.carrier, k.policy_number, k.coverage_type, k.status, k.effective_date, k.renewal_date,
      k.premium, k.writing_agent_npn, 'carrier-feed', k.fingerprint, ${who.importedBy}, ${who.importedBy}
    from unnest(
      ${toWrite.map((r) => r.feed.carrier)}::text[], ${toWrite.map((r) => r.feed.policyNumber)}::text[],
      ${toWrite.map((r) => r.feed.policy.coverageType)}::text[], ${toWrite.map((r) => r.feed.policy.status)}::text[],
      ${toWrite.map((r) => r.feed.policy.effectiveDate)}::text[]::date[], ${toWrite.map((r) => r.feed.policy.renewalDate)}::text[]::date[],
      ${toWrite.map((r) => r.feed.policy.premium)}::text[]::numeric[], ${toWrite.map((r) => r.feed.policy.writingAgentNpn)}::text[],
      ${toWrite.map((r) => r.policyFingerprint)}::text[]
    ) as k(carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium, writing_agent_npn, fingerprint)
    on conflict (tenant_id, carrier, policy_number) do update set
      coverage_type = excluded.coverage_type, status = excluded.status, effective_date = excluded.effective_date,
      renewal_date = excluded.renewal_date, premium = excluded.premium, writing_agent_npn = excluded.writing_agent_npn,
      fingerprint = excluded.fingerprint, revision = p.revision + 1, updated_by = excluded.updated_by, updated_at = now()
    where p.fingerprint is distinct from excluded.fingerprint
    returning ${changedColumns(tx)}`;

  const ids = new Map<string, string>();
  for (const p of [...existing, ...changed]) ids.set(`${p.carrier}\u0000${p.policy_number}`, p.id);
  const missing = rows.filter((r) => !ids.has(policyKey(r)));
  if (missing.length > 0) {
    // Created concurrently (e.g. in the CRM) with the very same content: not returned above.
    const late = await tx<{ id: string; carrier: string; policy_number: string }[]>`
      select p.id, p.carrier, p.policy_number
      from unnest(${missing.map((r) => r.feed.carrier)}::text[], ${missing.map((r) => r.feed.policyNumber)}::text[]) as k(carrier, policy_number)
      join policies p on p.tenant_id = ${who.tenantId} and p.carrier = k.carrier and p.policy_number = k.policy_number`;
    for (const p of late) ids.set(`${p.carrier}\u0000${p.policy_number}`, p.id);
  }
  return {
    changed: [...changed],
    previous: new Map(existing.map((p) => [p.id, p.status])),
    isNew: (row: PlacedFeedRow) => !before.has(policyKey(row)),
    idOf: (row: PlacedFeedRow) => ids.get(policyKey(row))!,
  };
}

/**
 * Inserts new members and updates changed ones; protected fields are encrypted here, for
 * those only. Members of policies that existed before are compared by fingerprint first.
 * Returns the ids of the policies whose members changed, and the member counts.
 */
export async function upsertFeedMembers(
  db: Tx,
  cipher: FieldCipher,
  who: FeedWriter,
  rows: PlacedFeedRow[],
  policies: { isNew: (row: PlacedFeedRow) => boolean; idOf: (row: PlacedFeedRow) => string },
): Promise<{
  changedPolicyIds: Set<string>;
  inserted: number;
  updated: number;
  unchanged: number;
  /** What the row did to its member (the outcomes CSV). */
  outcomeOf: (row: PlacedFeedRow) => 'inserted' | 'updated' | 'unchanged';
}> {
  const tx = sqlOf(db);
  const placed = rows.map((row) => ({ row, policyId: policies.idOf(row) }));
  const known = placed.filter((p) => !policies.isNew(p.row));
  const stored = known.length === 0 ? [] : await tx<{ policy_id: string; member_key: string; fingerprint: string }[]>`
    select m.policy_id, m.member_key, m.fingerprint
    from unnest(${known.map((p) => p.policyId)}::uuid[], ${known.map((p) => p.row.memberKey)}::text[]) as k(policy_id, member_key)
    join policy_members m on m.policy_id = k.policy_id and m.member_key = k.member_key`;
  const storedFingerprint = new Map(stored.map((m) => [`${m.policy_id}\u0000${m.member_key}`, m.fingerprint]));
  const toWrite = placed
    .filter((p) => storedFingerprint.get(`${p.policyId}\u0000${p.row.memberKey}`) !== p.row.memberFingerprint)
    .sort((a, b) => (a.policyId + a.row.memberKey < b.policyId + b.row.memberKey ? -1 : 1));
  const m = toWrite.map((p) => p.row.feed.member);
  const result = toWrite.length === 0 ? [] : await tx<{ policy_id: string; member_key: string; inserted: boolean }[]>`
    insert into policy_members as pm (
      policy_id, tenant_id, member_key, relationship, first_name, last_name, date_of_birth_enc, gender, email,
      phone, address_line1, city, state, zip, mbi_enc, fingerprint, person_key)
    select k.policy_id, ${who.tenantId}, k.member_key, k.relationship, k.first_name, k.last_name, k.date_of_birth_enc,
      k.gender, k.email, k.phone, k.address_line1, k.city, k.state, k.zip, k.mbi_enc, k.fingerprint, k.person_key
    from unnest(
      ${toWrite.map((p) => p.policyId)}::uuid[], ${toWrite.map((p) => p.row.memberKey)}::text[],
      ${m.map((x) => x.relationship)}::text[], ${m.map((x) => x.firstName)}::text[], ${m.map((x) => x.lastName)}::text[],
      ${m.map((x) => cipher.encryptOptional(x.dateOfBirth))}::text[], ${m.map((x) => x.gender)}::text[],
      ${m.map((x) => x.email)}::text[], ${m.map((x) => x.phone)}::text[], ${m.map((x) => x.addressLine1)}::text[],
      ${m.map((x) => x.city)}::text[], ${m.map((x) => x.state)}::text[], ${m.map((x) => x.zip)}::text[],
      ${m.map((x) => cipher.encryptOptional(x.mbi))}::text[], ${toWrite.map((p) => p.row.memberFingerprint)}::text[],
      ${toWrite.map((p) => p.row.personKey)}::text[]
    ) as k(policy_id, member_key, relationship, first_name, last_name, date_of_birth_enc, gender, email, phone,
           address_line1, city, state, zip, mbi_enc, fingerprint, person_key)
    on conflict (policy_id, member_key) do update set
      relationship = excluded.relationship, first_name = excluded.first_name, last_name = excluded.last_name,
      date_of_birth_enc = excluded.date_of_birth_enc, gender = excluded.gender, email = excluded.email,
      phone = excluded.phone, address_line1 = excluded.address_line1, city = excluded.city, state = excluded.state,
      zip = excluded.zip, mbi_enc = excluded.mbi_enc, fingerprint = excluded.fingerprint, person_key = excluded.person_key,
      updated_at = now()
    where pm.fingerprint is distinct from excluded.fingerprint
    returning policy_id, member_key, (xmax = 0) as inserted`;
  const inserted = result.filter((r) => r.inserted).length;
  const written = new Map(result.map((r) => [`${r.policy_id}\u0000${r.member_key}`, r.inserted ? ('inserted' as const) : ('updated' as const)]));
  return {
    outcomeOf: (row) => written.get(`${policies.idOf(row)}\u0000${row.memberKey}`) ?? 'unchanged',
    changedPolicyIds: new Set(result.map((r) => r.policy_id)),
    inserted,
    updated: result.length - inserted,
    unchanged: rows.length - result.length,
  };
}

/** A member change is a change of its policy: revision + 1 for policies not already changed. */
export async function bumpForMemberChanges(db: Tx, who: FeedWriter, policyIds: Set<string>, alreadyChanged: WrittenPolicyRow[]): Promise<WrittenPolicyRow[]> {
  const changedIds = new Set(alreadyChanged.map((p) => p.id));
  const toBump = [...policyIds].filter((id) => !changedIds.has(id)).sort();
  if (toBump.length === 0) return [];
  const tx = sqlOf(db);
  const bumped = await tx<WrittenPolicyRow[]>`
    update policies set revision = revision + 1, updated_by = ${who.importedBy}, updated_at = now()
    where id = any(${toBump}::uuid[])
    returning ${changedColumns(tx)}`;
  return bumped.map((p) => ({ ...p, inserted: false }));
}

/**
 * Bulk work, coarse events: one carrier-feed-page-imported for the page, plus a policy-changed
 * for each changed policy that a CRM account owns (its account's status follows from it,
 * ACC-6). Book-of-business policies (no account) get no event of their own.
 */
export async function writeFeedPageEvents(
  db: Tx,
  who: FeedWriter & { importId: string; page: number },
  changed: WrittenPolicyRow[],
  previousStatus: Map<string, PolicyStatus>,
): Promise<number> {
  if (changed.length === 0) return 0;
  const tx = sqlOf(db);
  const owned = changed.filter((p) => p.account_id !== null);
  const existing = owned.filter((p) => !p.inserted).map((p) => p.id);
  const links = existing.length === 0 ? [] : await tx<{ policy_id: string; contact_id: string }[]>`
    select distinct policy_id, contact_id from policy_members
    where policy_id = any(${existing}::uuid[]) and contact_id is not null
    order by policy_id, contact_id`;
  const contactsOf = new Map<string, string[]>();
  for (const link of links) contactsOf.set(link.policy_id, [...(contactsOf.get(link.policy_id) ?? []), link.contact_id]);

  const inserted = changed.filter((p) => p.inserted).length;
  const events = [
    buildEvent(carrierFeedPageImportedV1, {
      tenantId: who.tenantId,
      aggregateId: who.importId,
      data: {
        importId: who.importId,
        page: who.page,
        policiesInserted: inserted,
        policiesUpdated: changed.length - inserted,
        policiesWithAccount: owned.length,
        importedBy: who.importedBy,
      },
    }),
    ...owned.map((p) =>
      policyChangedEvent(
        {
          id: p.id,
          tenantId: who.tenantId,
          revision: p.revision,
          carrier: p.carrier,
          policyNumber: p.policy_number,
          coverageType: p.coverage_type,
          status: p.status,
          effectiveDate: p.effective_date,
          renewalDate: p.renewal_date,
          premium: p.premium,
          writingAgentNpn: p.writing_agent_npn,
          accountId: p.account_id,
          policyholderContactId: p.policyholder_contact_id,
          source: p.source,
        },
        {
          change: p.inserted ? 'created' : 'updated',
          previousStatus: p.inserted ? null : (previousStatus.get(p.id) ?? null),
          memberContactIds: contactsOf.get(p.id) ?? [],
          changedBy: who.importedBy,
        },
      ),
    ),
  ];
  await writeOutbox(db, events);
  return events.length;
}
