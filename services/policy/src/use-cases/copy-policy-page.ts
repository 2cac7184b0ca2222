import {
  syncedAccountId,
  syncedContactId,
  type CopyPolicyPageInput,
  type CopyPolicyPageResult,
  type MemberRelationship,
  type PolicyStatus,
  type SyncedMember,
} from '@agencyflow/contracts';
import type { TransactionSql } from 'postgres';
import { writeOutboxBulk, type Database } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import type { PolicySource } from '../db/schema';
import { contactRoleOf, distinctContacts, holderOf, isBusinessTenant, isUuid, personKey, PolicySyncInputError } from '../domain/policy-sync';
import { policyChangedEvent, type PolicyRecord, type WrittenPolicyRow } from './policy-events';

/** The most policies one page may copy: the activity holds one page (and its members) in memory. */
export const maxPolicySyncPageSize = 5000;

const NPN = /^\d{1,10}$/;

/** An FMO policy of the page, as stored (dates and money as text, exactly as they print). */
interface SourcePolicy {
  id: string;
  carrier: string;
  policy_number: string;
  coverage_type: PolicyRecord['coverageType'];
  status: PolicyStatus;
  effective_date: string;
  renewal_date: string | null;
  premium: string;
  writing_agent_npn: string;
  fingerprint: string;
}

/** An FMO member as stored: protected fields stay ciphertext, and are copied as such. */
interface SourceMember {
  policy_id: string;
  member_key: string;
  relationship: MemberRelationship;
  first_name: string;
  last_name: string;
  date_of_birth_enc: string | null;
  gender: string | null;
  email: string | null;
  phone: string | null;
  address_line1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  mbi_enc: string | null;
  fingerprint: string;
}

/** What the business's copy of one FMO policy must be. */
interface PlannedPolicy {
  source: SourcePolicy;
  accountId: string | null;
  policyholderContactId: string | null;
  members: Array<{ source: SourceMember; contactId: string }>;
  synced: SyncedMember[];
}

interface ExistingCopy {
  id: string;
  carrier: string;
  policy_number: string;
  status: PolicyStatus;
  fingerprint: string;
  account_id: string | null;
  policyholder_contact_id: string | null;
  source: PolicySource;
}


const keyOf = (p: { carrier: string; policy_number: string }) => `${p.carrier}\u0000${p.policy_number}`;
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * PS-4/5/6: copies one page of the FMO's book into an Agent CRM business.
 *
 * The page is the FMO tenant's policies whose writing agent NPN is one of `npns` and nothing
 * else (HIPAA minimum necessary), in policy id order after the cursor. Each is upserted into
 * the business by (carrier, policy number) with its members by (policy, member key), linked to
 * deterministic contact and account ids, so every run and every retry computes the same links.
 * A copy that already matches (content fingerprint, members, links) is not touched: no revision,
 * no event. The page is one transaction with a handful of set-based statements; pages of one
 * business take turns (advisory lock), so a retry that overlaps a slow first attempt waits for
 * it and then finds nothing to do.
 *
 * The result carries the page's members in clear (date of birth, MBI) for the account service to
 * make contacts of: it travels only as a Temporal payload, which the payload codec encrypts.
 */
export async function copyPolicyPage(
  { database, fieldCipher }: { database: Database; fieldCipher: FieldCipher },
  input: CopyPolicyPageInput,
): Promise<CopyPolicyPageResult> {
  const { fmoTenantId, businessId, after, limit, requestedBy } = validate(input);
  const npns = [...new Set(input.npns)];
  if (npns.length === 0) return { policies: 0, inserted: 0, updated: 0, unchanged: 0, perNpn: {}, members: [], nextCursor: null };

  return database.sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`policy-sync:${businessId}`}))`;

    // One keyset walk per NPN on (tenant_id, writing_agent_npn, id), merged: each page reads at
    // most (limit + 1) index entries per NPN, however big the book. The extra row says whether
    // another page follows.
    const probe = await tx<SourcePolicy[]>`
      with page as (
        select s.id from unnest(${npns}::text[]) as n(npn)
        cross join lateral (
          select p.id from policies p
          where p.tenant_id = ${fmoTenantId} and p.writing_agent_npn = n.npn
            ${after === null ? tx`` : tx`and p.id > ${after}::uuid`}
          order by p.id limit ${limit + 1}
        ) s
        order by s.id limit ${limit + 1}
      )
      select p.id, p.carrier, p.policy_number, p.coverage_type, p.status, p.effective_date::text as effective_date,
        p.renewal_date::text as renewal_date, p.premium::text as premium, p.writing_agent_npn, p.fingerprint
      from page join policies p on p.id = page.id
      order by p.id`;
    const page = probe.slice(0, limit);
    const nextCursor = probe.length > limit ? page[page.length - 1]!.id : null;
    // PS-4 belt and braces: the query above is the rule; this makes a mistake in it loud.
    if (page.some((p) => !npns.includes(p.writing_agent_npn))) throw new Error('policy sync read a policy of another NPN');
    if (page.length === 0) return { policies: 0, inserted: 0, updated: 0, unchanged: 0, perNpn: {}, members: [], nextCursor };

    const sourceMembers = await tx<SourceMember[]>`
      select policy_id, member_key, relationship, first_name, last_name, date_of_birth_enc, gender, email, phone,
        address_line1, city, state, zip, mbi_enc, fingerprint
      from policy_members where policy_id = any(${page.map((p) => p.id)}::uuid[])`;
    const planned = plan(fieldCipher, businessId, page, sourceMembers);

    const { toWrite, previous, existingIds } = await compareWithCopies(tx, businessId, planned);
    const written = await writePolicies(tx, { businessId, requestedBy }, toWrite);
    await writeMembers(tx, businessId, toWrite, written, existingIds);
    await writeEvents(tx, { businessId, requestedBy }, toWrite, written, previous);

    const perNpn: Record<string, number> = {};
    for (const p of page) perNpn[p.writing_agent_npn] = (perNpn[p.writing_agent_npn] ?? 0) + 1;
    const inserted = written.filter((w) => w.inserted).length;
    return {
      policies: page.length,
      inserted,
      updated: written.length - inserted,
      unchanged: page.length - written.length,
      perNpn,
      members: distinctContacts(planned.flatMap((p) => p.synced)),
      nextCursor,
    };
  });
}

function validate(input: CopyPolicyPageInput): CopyPolicyPageInput {
  const { fmoTenantId, businessId, after, limit, requestedBy, npns } = input;
  if (!isBusinessTenant(businessId)) throw new PolicySyncInputError('businessId must be the business\'s uuid');
  if (!fmoTenantId || fmoTenantId === businessId) throw new PolicySyncInputError('the FMO tenant must be another tenant than the business');
  if (after !== null && !isUuid(after)) throw new PolicySyncInputError('after must be a cursor a previous page returned');
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPolicySyncPageSize) {
    throw new PolicySyncInputError(`limit must be 1 to ${maxPolicySyncPageSize}`);
  }
  if (!requestedBy) throw new PolicySyncInputError('requestedBy is required');
  if (!Array.isArray(npns) || npns.some((npn) => !NPN.test(npn))) throw new PolicySyncInputError('every NPN is 1 to 10 digits');
  return input;
}

/**
 * The business's copy of each page policy: deterministic links (PS-5) and the synced members.
 * Dates of birth are decrypted here, for one page, to know who each member is.
 */
function plan(cipher: FieldCipher, businessId: string, page: SourcePolicy[], members: SourceMember[]): PlannedPolicy[] {
  const membersOf = new Map<string, SourceMember[]>();
  for (const m of members) membersOf.set(m.policy_id, [...(membersOf.get(m.policy_id) ?? []), m]);

  return page.map((policy) => {
    const own = (membersOf.get(policy.id) ?? []).sort((a, b) => byCodePoint(a.member_key, b.member_key));
    const people = own.map((source) => {
      const dateOfBirth = cipher.decryptOptional(source.date_of_birth_enc);
      const key = personKey(cipher, { firstName: source.first_name, lastName: source.last_name, dateOfBirth }, {
        carrier: policy.carrier,
        policyNumber: policy.policy_number,
      });
      return { source, memberKey: source.member_key, dateOfBirth, key, contactId: syncedContactId(businessId, key) };
    });
    const holder = holderOf(people);
    const accountId = holder ? syncedAccountId(businessId, holder.key) : null;
    return {
      source: policy,
      accountId,
      policyholderContactId: holder?.contactId ?? null,
      members: people.map(({ source, contactId }) => ({ source, contactId })),
      synced: people.map(
        ({ source: m, dateOfBirth, contactId }, i): SyncedMember => ({
          contactId,
          accountId: accountId!,
          ...contactRoleOf(m, people[i] === holder),
          firstName: m.first_name,
          lastName: m.last_name,
          dateOfBirth,
          gender: m.gender,
          email: m.email,
          phone: m.phone,
          addressLine1: m.address_line1,
          city: m.city,
          state: m.state,
          zip: m.zip,
          mbi: cipher.decryptOptional(m.mbi_enc),
        }),
      ),
    };
  });
}

/**
 * Reads the business's current copies (locked until commit) and keeps the planned policies
 * that are new or differ in content, links or members (PS-6: the rest stay untouched).
 */
async function compareWithCopies(tx: TransactionSql, businessId: string, planned: PlannedPolicy[]) {
  const copies = await tx<ExistingCopy[]>`
    select p.id, p.carrier, p.policy_number, p.status, p.fingerprint, p.account_id, p.policyholder_contact_id, p.source
    from unnest(${planned.map((p) => p.source.carrier)}::text[], ${planned.map((p) => p.source.policy_number)}::text[]) as k(carrier, policy_number)
    join policies p on p.tenant_id = ${businessId} and p.carrier = k.carrier and p.policy_number = k.policy_number
    order by p.id
    for update of p`;
  const copyOf = new Map(copies.map((c) => [keyOf(c), c]));
  const copiedMembers = copies.length === 0 ? [] : await tx<{ policy_id: string; member_key: string; fingerprint: string; contact_id: string | null }[]>`
    select policy_id, member_key, fingerprint, contact_id from policy_members where policy_id = any(${copies.map((c) => c.id)}::uuid[])`;
  const membersOfCopy = new Map<string, Map<string, { fingerprint: string; contact_id: string | null }>>();
  for (const m of copiedMembers) {
    const known = membersOfCopy.get(m.policy_id) ?? new Map<string, { fingerprint: string; contact_id: string | null }>();
    membersOfCopy.set(m.policy_id, known.set(m.member_key, m));
  }

  const unchanged = (p: PlannedPolicy, copy: ExistingCopy | undefined) => {
    if (!copy) return false;
    const sameLinks =
      copy.fingerprint === p.source.fingerprint &&
      copy.account_id === p.accountId &&
      copy.policyholder_contact_id === p.policyholderContactId &&
      copy.source === 'policy-sync';
    const stored = membersOfCopy.get(copy.id) ?? new Map();
    return (
      sameLinks &&
      stored.size === p.members.length &&
      p.members.every((m) => {
        const s = stored.get(m.source.member_key);
        return s !== undefined && s.fingerprint === m.source.fingerprint && s.contact_id === m.contactId;
      })
    );
  };

  // Carrier and policy number order: concurrent writers lock rows in one order (no deadlocks).
  const toWrite = planned
    .filter((p) => !unchanged(p, copyOf.get(keyOf(p.source))))
    .sort((a, b) => byCodePoint(keyOf(a.source), keyOf(b.source)));
  return {
    toWrite,
    previous: new Map(copies.map((c) => [keyOf(c), c.status])),
    existingIds: new Set(copies.map((c) => c.id)),
  };
}

/** Inserts the new copies and updates the changed ones (revision + 1), in one statement. */
async function writePolicies(
  tx: TransactionSql,
  who: { businessId: string; requestedBy: string },
  toWrite: PlannedPolicy[],
): Promise<WrittenPolicyRow[]> {
  if (toWrite.length === 0) return [];
  const s = toWrite.map((p) => p.source);
  // date[], numeric[] and nullable uuid[] travel as text[] (the shared client passes those types through raw).
  return tx<WrittenPolicyRow[]>`
    insert into policies as p (
      tenant_id, carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium, writing_agent_npn,
      account_id, policyholder_contact_id, source, fingerprint, created_by, updated_by)
    select ${who.businessId}, k.carrier, k.policy_number, k.coverage_type, k.status, k.effective_date, k.renewal_date, k.premium,
      k.writing_agent_npn, k.account_id, k.policyholder_contact_id, 'policy-sync', k.fingerprint, ${who.requestedBy}, ${who.requestedBy}
    from unnest(
      ${s.map((p) => p.carrier)}::text[], ${s.map((p) => p.policy_number)}::text[],
      ${s.map((p) => p.coverage_type)}::text[], ${s.map((p) => p.status)}::text[],
      ${s.map((p) => p.effective_date)}::text[]::date[], ${s.map((p) => p.renewal_date)}::text[]::date[],
      ${s.map((p) => p.premium)}::text[]::numeric[], ${s.map((p) => p.writing_agent_npn)}::text[],
      ${toWrite.map((p) => p.accountId)}::text[]::uuid[], ${toWrite.map((p) => p.policyholderContactId)}::text[]::uuid[],
      ${s.map((p) => p.fingerprint)}::text[]
    ) as k(carrier, policy_number, coverage_type, status, effective_date, renewal_date, premium, writing_agent_npn,
           account_id, policyholder_contact_id, fingerprint)
    on conflict (tenant_id, carrier, policy_number) do update set
      coverage_type = excluded.coverage_type, status = excluded.status, effective_date = excluded.effective_date,
      renewal_date = excluded.renewal_date, premium = excluded.premium, writing_agent_npn = excluded.writing_agent_npn,
      account_id = excluded.account_id, policyholder_contact_id = excluded.policyholder_contact_id, source = excluded.source,
      fingerprint = excluded.fingerprint, revision = p.revision + 1, updated_by = excluded.updated_by, updated_at = now()
    returning id, (xmax = 0) as inserted, revision, carrier, policy_number, coverage_type, status,
      effective_date::text as effective_date, renewal_date::text as renewal_date, premium::text as premium,
      writing_agent_npn, account_id, policyholder_contact_id, source`;
}

/**
 * The members of every written copy become those of the FMO policy: upserted by member key
 * (ciphertext copied as it is, contact links set), and members the FMO policy no longer has
 * removed from copies that existed before.
 */
async function writeMembers(
  tx: TransactionSql,
  businessId: string,
  toWrite: PlannedPolicy[],
  written: WrittenPolicyRow[],
  existingIds: Set<string>,
): Promise<void> {
  if (written.length === 0) return;
  const idOf = new Map(written.map((w) => [keyOf(w), w.id]));
  const rows = toWrite
    .flatMap((p) => p.members.map((m) => ({ policyId: idOf.get(keyOf(p.source))!, ...m })))
    .sort((a, b) => byCodePoint(a.policyId, b.policyId) || byCodePoint(a.source.member_key, b.source.member_key));
  const m = rows.map((r) => r.source);

  const rewritten = written.filter((w) => existingIds.has(w.id)).map((w) => w.id);
  if (rewritten.length > 0) {
    await tx`
      delete from policy_members pm
      where pm.policy_id = any(${rewritten}::uuid[])
        and not exists (
          select 1 from unnest(${rows.map((r) => r.policyId)}::uuid[], ${m.map((x) => x.member_key)}::text[]) as k(policy_id, member_key)
          where k.policy_id = pm.policy_id and k.member_key = pm.member_key)`;
  }
  if (rows.length === 0) return;
  await tx`
    insert into policy_members as pm (
      policy_id, tenant_id, member_key, relationship, first_name, last_name, date_of_birth_enc, gender, email,
      phone, address_line1, city, state, zip, mbi_enc, contact_id, fingerprint)
    select k.policy_id, ${businessId}, k.member_key, k.relationship, k.first_name, k.last_name, k.date_of_birth_enc,
      k.gender, k.email, k.phone, k.address_line1, k.city, k.state, k.zip, k.mbi_enc, k.contact_id, k.fingerprint
    from unnest(
      ${rows.map((r) => r.policyId)}::uuid[], ${m.map((x) => x.member_key)}::text[],
      ${m.map((x) => x.relationship)}::text[], ${m.map((x) => x.first_name)}::text[], ${m.map((x) => x.last_name)}::text[],
      ${m.map((x) => x.date_of_birth_enc)}::text[], ${m.map((x) => x.gender)}::text[],
      ${m.map((x) => x.email)}::text[], ${m.map((x) => x.phone)}::text[], ${m.map((x) => x.address_line1)}::text[],
      ${m.map((x) => x.city)}::text[], ${m.map((x) => x.state)}::text[], ${m.map((x) => x.zip)}::text[],
      ${m.map((x) => x.mbi_enc)}::text[], ${rows.map((r) => r.contactId)}::uuid[], ${m.map((x) => x.fingerprint)}::text[]
    ) as k(policy_id, member_key, relationship, first_name, last_name, date_of_birth_enc, gender, email, phone,
           address_line1, city, state, zip, mbi_enc, contact_id, fingerprint)
    on conflict (policy_id, member_key) do update set
      relationship = excluded.relationship, first_name = excluded.first_name, last_name = excluded.last_name,
      date_of_birth_enc = excluded.date_of_birth_enc, gender = excluded.gender, email = excluded.email,
      phone = excluded.phone, address_line1 = excluded.address_line1, city = excluded.city, state = excluded.state,
      zip = excluded.zip, mbi_enc = excluded.mbi_enc, contact_id = excluded.contact_id, fingerprint = excluded.fingerprint,
      updated_at = now()
    where pm.fingerprint is distinct from excluded.fingerprint or pm.contact_id is distinct from excluded.contact_id`;
}

/** policy-changed (created/updated, source policy-sync) per written copy, in one outbox statement (X-2). */
async function writeEvents(
  tx: TransactionSql,
  who: { businessId: string; requestedBy: string },
  toWrite: PlannedPolicy[],
  written: WrittenPolicyRow[],
  previous: Map<string, PolicyStatus>,
): Promise<void> {
  const contactsOf = new Map(toWrite.map((p) => [keyOf(p.source), [...new Set(p.members.map((m) => m.contactId))].sort()]));
  const events = written.map((w) =>
    policyChangedEvent(
      {
        id: w.id,
        tenantId: who.businessId,
        revision: w.revision,
        carrier: w.carrier,
        policyNumber: w.policy_number,
        coverageType: w.coverage_type,
        status: w.status,
        effectiveDate: w.effective_date,
        renewalDate: w.renewal_date,
        premium: w.premium,
        writingAgentNpn: w.writing_agent_npn,
        accountId: w.account_id,
        policyholderContactId: w.policyholder_contact_id,
        source: w.source,
      },
      {
        change: w.inserted ? 'created' : 'updated',
        previousStatus: w.inserted ? null : (previous.get(keyOf(w)) ?? null),
        memberContactIds: contactsOf.get(keyOf(w)) ?? [],
        changedBy: who.requestedBy,
      },
    ),
  );
  await writeOutboxBulk(tx, events);
}
