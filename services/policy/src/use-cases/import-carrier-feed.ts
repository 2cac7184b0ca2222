import { randomUUID } from 'node:crypto';
import { buildEvent, carrierFeedPageImportedV1, type PolicyStatus } from '@agencyflow/contracts';
import { sqlOf, writeOutbox, type Database, type Executor, type SqlExecutor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import { validateFeedRow, type FeedRow } from '../domain/feed-row';
import { memberFingerprint, memberKey, policyFingerprint } from '../domain/policy-content';
import { personKey } from '../domain/policy-sync';
import { policyChangedEvent, type WrittenPolicyRow } from './policy-events';

/** One raw row of a feed with its 1-based data row number, or why it could not even be read. */
export type FeedInputRow = { row: number; values: unknown } | { row: number; error: string };

export interface Rejection {
  row: number;
  reason: string;
}

export interface ImportSummary {
  importId: string;
  rows: { total: number; valid: number; rejected: number };
  policies: { inserted: number; updated: number; unchanged: number };
  members: { inserted: number; updated: number; unchanged: number };
  rejections: Rejection[];
  /** Rejections beyond the listed ones. */
  rejectionsOmitted: number;
  /** Columns of the file that are not part of the feed format (CSV). */
  ignoredColumns: string[];
}

export interface ImportCarrierFeedCommand {
  tenantId: string;
  importedBy: string;
  format: 'csv' | 'json';
  ignoredColumns?: string[];
  rows: AsyncIterable<FeedInputRow> | Iterable<FeedInputRow>;
}

export interface ImportLimits {
  pageSize: number;
  maxRows: number;
  maxListedRejections: number;
}

export const defaultImportLimits: ImportLimits = { pageSize: 1000, maxRows: 1_000_000, maxListedRejections: 1000 };

export class FeedTooLargeError extends Error {
  constructor(readonly maxRows: number) {
    super(`A carrier feed has at most ${maxRows} rows.`);
  }
}

/** A validated row with what the page needs to place it. */
interface PlacedRow {
  row: number;
  feed: FeedRow;
  policyFingerprint: string;
  memberKey: string;
  memberFingerprint: string;
  /** PS-5: who the member is, computed here where the date of birth is in clear. */
  personKey: string;
}


const OUTCOME = { unchanged: 0, updated: 1, inserted: 2 } as const;

/**
 * PS-2: imports a carrier feed (one row per member) into the tenant's book of business.
 *
 * Rows stream in and are handled in pages, each with a few set-based statements, so memory
 * stays bounded whatever the file size. The whole import is one transaction: a file that
 * breaks off (malformed, aborted upload, too large) writes nothing (X-5). Invalid rows are
 * reported with their row number and not written. Policies upsert by (carrier, policy number)
 * and members by (policy, member key), and only when their fingerprint differs, so importing
 * the same file again changes nothing: no revision, no event. A row whose policy fields
 * contradict an earlier row of the same policy, or that repeats a member, is rejected, so the
 * outcome never depends on the order of rows (and a re-import stays a no-op).
 *
 * Temporary tables (dropped at commit) remember which policies and members this import has
 * seen, so each policy is counted once, and changes once (one revision, one event), however its
 * rows are spread over pages.
 */
export async function importCarrierFeed(
  { database, fieldCipher }: { database: Database; fieldCipher: FieldCipher },
  command: ImportCarrierFeedCommand,
  limits: ImportLimits = defaultImportLimits,
): Promise<ImportSummary> {
  const { tenantId, importedBy } = command;
  const startedAt = new Date();
  const importId = randomUUID();
  const rejections = new FirstRejections(limits.maxListedRejections);
  const counts = { total: 0, valid: 0, members: { inserted: 0, updated: 0, unchanged: 0 } };

  return database.db.transaction(async (db) => {
    const tx = sqlOf(db);
    // Imports of one tenant take turns: no deadlocks between overlapping files.
    await tx`select pg_advisory_xact_lock(hashtext(${`carrier-feed:${tenantId}`}))`;
    await tx`create temp table feed_policies (
      carrier text not null, policy_number text not null, fingerprint text not null,
      first_row int not null, outcome smallint not null default 0,
      primary key (carrier, policy_number)) on commit drop`;
    await tx`create temp table feed_members (
      carrier text not null, policy_number text not null, member_key text not null, first_row int not null,
      primary key (carrier, policy_number, member_key)) on commit drop`;

    const reject = (row: number, reason: string) => rejections.add({ row, reason });
    const page = new PageWriter(db, fieldCipher, { tenantId, importedBy, importId }, reject, counts);
    // One page is written while the next is read and validated: the database and this process
    // work at the same time, and at most two pages are held.
    let writing: Promise<void> = Promise.resolve();
    const write = async (rows: PlacedRow[]) => {
      await writing;
      writing = page.write(rows);
      writing.catch(() => {}); // observed when awaited; a failure must not go unhandled meanwhile
    };
    let buffered: PlacedRow[] = [];
    try {
      for await (const input of command.rows) {
        counts.total++;
        if (counts.total > limits.maxRows) throw new FeedTooLargeError(limits.maxRows);
        if ('error' in input) {
          reject(input.row, input.error);
          continue;
        }
        const result = validateFeedRow(input.values);
        if (!result.ok) {
          reject(input.row, result.reason);
          continue;
        }
        buffered.push({
          row: input.row,
          feed: result.row,
          policyFingerprint: policyFingerprint(result.row.policy),
          memberKey: memberKey(fieldCipher, result.row.member),
          memberFingerprint: memberFingerprint(fieldCipher, result.row.member),
          personKey: personKey(fieldCipher, result.row.member, result.row),
        });
        if (buffered.length >= limits.pageSize) {
          await write(buffered);
          buffered = [];
        }
      }
      if (buffered.length > 0) await write(buffered);
    } finally {
      // Whatever ends the loop (a broken upload, a malformed file), the page in flight finishes
      // before the transaction ends: no statement of this import may run after its ROLLBACK.
      await writing.catch(() => {});
    }
    await writing;

    const outcomes = await tx<{ outcome: number; n: number }[]>`
      select outcome, count(*)::int as n from feed_policies group by outcome`;
    const policyCount = (outcome: number) => outcomes.find((o) => o.outcome === outcome)?.n ?? 0;
    const summary: ImportSummary = {
      importId,
      rows: { total: counts.total, valid: counts.valid, rejected: rejections.count },
      policies: {
        inserted: policyCount(OUTCOME.inserted),
        updated: policyCount(OUTCOME.updated),
        unchanged: policyCount(OUTCOME.unchanged),
      },
      members: counts.members,
      rejections: rejections.list(),
      rejectionsOmitted: rejections.count - rejections.list().length,
      ignoredColumns: command.ignoredColumns ?? [],
    };
    await tx`
      insert into carrier_feed_imports (
        id, tenant_id, imported_by, format, started_at, rows_total, rows_valid, rows_rejected,
        policies_inserted, policies_updated, policies_unchanged, members_inserted, members_updated, members_unchanged,
        rejections, rejections_omitted, ignored_columns)
      values (
        ${importId}, ${tenantId}, ${importedBy}, ${command.format}, ${startedAt.toISOString()}::timestamptz,
        ${summary.rows.total}, ${summary.rows.valid}, ${summary.rows.rejected},
        ${summary.policies.inserted}, ${summary.policies.updated}, ${summary.policies.unchanged},
        ${summary.members.inserted}, ${summary.members.updated}, ${summary.members.unchanged},
        ${JSON.stringify(summary.rejections)}::text::jsonb, ${summary.rejectionsOmitted}, ${JSON.stringify(summary.ignoredColumns)}::text::jsonb)`;
    return summary;
  });
}

const policyKey = (row: PlacedRow) => `${row.feed.carrier}\u0000${row.feed.policyNumber}`;
const memberIdentity = (row: PlacedRow) => `${policyKey(row)}\u0000${row.memberKey}`;
const byKey = (a: PlacedRow, b: PlacedRow) => (policyKey(a) < policyKey(b) ? -1 : policyKey(a) > policyKey(b) ? 1 : 0);

const changedColumns = (tx: SqlExecutor) => tx`
  id, (xmax = 0) as inserted, revision, carrier, policy_number, coverage_type, status,
  effective_date::text as effective_date, renewal_date::text as renewal_date, premium::text as premium,
  writing_agent_npn, account_id, policyholder_contact_id, source`;

/** Writes one page of validated rows with a handful of set-based statements. */
class PageWriter {
  eventsWritten = 0;
  private pages = 0;

  private readonly tx: SqlExecutor;

  constructor(
    private readonly db: Executor,
    private readonly cipher: FieldCipher,
    private readonly who: { tenantId: string; importedBy: string; importId: string },
    private readonly reject: (row: number, reason: string) => void,
    private readonly counts: { valid: number; members: { inserted: number; updated: number; unchanged: number } },
  ) {
    this.tx = sqlOf(db);
  }

  async write(page: PlacedRow[]): Promise<void> {
    const { rows, changedEarlier } = await this.keepConsistentRows(page);
    if (rows.length === 0) return;
    this.counts.valid += rows.length;

    const policies = await this.upsertPolicies(distinctPolicies(rows).sort(byKey));
    const changedMembers = await this.upsertMembers(rows, policies);
    // The import is one transaction, so it is one change per policy: a policy that an earlier page
    // already inserted or changed is not bumped again when more of its members arrive.
    for (const row of rows) if (changedEarlier.has(policyKey(row))) changedMembers.delete(policies.idOf(row));
    const bumped = await this.bumpForMemberChanges(changedMembers, policies.changed);
    const changed = [...policies.changed, ...bumped];
    await this.recordOutcomes(changed);
    await this.writeEvents(changed, policies.previous);
  }

  /**
   * Rejects rows that contradict an earlier row of this import: other policy fields for the same
   * policy, or the same member again. Earlier pages are remembered in the temporary tables; each
   * statement records the page's new keys and returns the ones an earlier page recorded.
   */
  private async keepConsistentRows(page: PlacedRow[]): Promise<{ rows: PlacedRow[]; changedEarlier: Set<string> }> {
    const { tx } = this;
    const firstOfPolicy = new Map<string, PlacedRow>();
    const firstOfMember = new Map<string, number>();
    const candidates: PlacedRow[] = [];
    for (const row of page) {
      const first = firstOfPolicy.get(policyKey(row));
      if (first && first.policyFingerprint !== row.policyFingerprint) {
        this.reject(row.row, `policy fields differ from row ${first.row} of the same policy`);
        continue;
      }
      if (!first) firstOfPolicy.set(policyKey(row), row);
      const sameMember = firstOfMember.get(memberIdentity(row));
      if (sameMember !== undefined) {
        this.reject(row.row, duplicateMemberReason(row, sameMember));
        continue;
      }
      firstOfMember.set(memberIdentity(row), row.row);
      candidates.push(row);
    }

    // Records the page's new keys and returns, through the arbiter index, the ones recorded before
    // (the no-op update leaves them as they were; xmax = 0 marks a fresh insert).
    const firsts = [...firstOfPolicy.values()];
    const seenPolicies = await tx<
      { carrier: string; policy_number: string; fingerprint: string; first_row: number; outcome: number; inserted: boolean }[]
    >`
      insert into feed_policies as f (carrier, policy_number, fingerprint, first_row)
      select * from unnest(
        ${firsts.map((r) => r.feed.carrier)}::text[], ${firsts.map((r) => r.feed.policyNumber)}::text[],
        ${firsts.map((r) => r.policyFingerprint)}::text[], ${firsts.map((r) => r.row)}::int[])
      on conflict (carrier, policy_number) do update set first_row = f.first_row
      returning f.carrier, f.policy_number, f.fingerprint, f.first_row, f.outcome, (xmax = 0) as inserted`;
    const earlierPolicies = seenPolicies.filter((p) => !p.inserted);
    const changedEarlier = new Set(earlierPolicies.filter((p) => p.outcome > 0).map((p) => `${p.carrier}\u0000${p.policy_number}`));
    const earlierPolicy = new Map(earlierPolicies.map((p) => [`${p.carrier}\u0000${p.policy_number}`, p]));
    const consistent = candidates.filter((row) => {
      const policy = earlierPolicy.get(policyKey(row));
      if (!policy || policy.fingerprint === row.policyFingerprint) return true;
      this.reject(row.row, `policy fields differ from row ${policy.first_row} of the same policy`);
      return false;
    });
    if (consistent.length === 0) return { rows: [], changedEarlier };

    const seenMembers = await tx<{ carrier: string; policy_number: string; member_key: string; first_row: number; inserted: boolean }[]>`
      insert into feed_members as f (carrier, policy_number, member_key, first_row)
      select * from unnest(
        ${consistent.map((r) => r.feed.carrier)}::text[], ${consistent.map((r) => r.feed.policyNumber)}::text[],
        ${consistent.map((r) => r.memberKey)}::text[], ${consistent.map((r) => r.row)}::int[])
      on conflict (carrier, policy_number, member_key) do update set first_row = f.first_row
      returning f.carrier, f.policy_number, f.member_key, f.first_row, (xmax = 0) as inserted`;
    const earlierMembers = seenMembers.filter((m) => !m.inserted);
    const earlierMember = new Map(earlierMembers.map((m) => [`${m.carrier}\u0000${m.policy_number}\u0000${m.member_key}`, m.first_row]));
    const rows = consistent.filter((row) => {
      const first = earlierMember.get(memberIdentity(row));
      if (first === undefined) return true;
      this.reject(row.row, duplicateMemberReason(row, first));
      return false;
    });
    return { rows, changedEarlier };
  }

  /**
   * Inserts new policies and updates those whose fingerprint changed; unchanged ones are only
   * read. Returns every policy's id, the changed rows and the statuses before the change.
   */
  private async upsertPolicies(rows: PlacedRow[]) {
    const { tx, who } = this;
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
      isNew: (row: PlacedRow) => !before.has(policyKey(row)),
      idOf: (row: PlacedRow) => ids.get(policyKey(row))!,
    };
  }

  /**
   * Inserts new members and updates changed ones; protected fields are encrypted here, for
   * those only (X-4). Members of policies that existed before are compared by fingerprint first.
   * Returns the ids of the policies whose members changed.
   */
  private async upsertMembers(
    rows: PlacedRow[],
    policies: { isNew: (row: PlacedRow) => boolean; idOf: (row: PlacedRow) => string },
  ): Promise<Set<string>> {
    const { tx, cipher, who } = this;
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
    const result = toWrite.length === 0 ? [] : await tx<{ policy_id: string; inserted: boolean }[]>`
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
      returning policy_id, (xmax = 0) as inserted`;
    const inserted = result.filter((r) => r.inserted).length;
    this.counts.members.inserted += inserted;
    this.counts.members.updated += result.length - inserted;
    this.counts.members.unchanged += rows.length - result.length;
    return new Set(result.map((r) => r.policy_id));
  }

  /** A member change is a change of its policy: revision + 1 for policies not already changed. */
  private async bumpForMemberChanges(policyIds: Set<string>, alreadyChanged: WrittenPolicyRow[]): Promise<WrittenPolicyRow[]> {
    const changedIds = new Set(alreadyChanged.map((p) => p.id));
    const toBump = [...policyIds].filter((id) => !changedIds.has(id)).sort();
    if (toBump.length === 0) return [];
    const { tx, who } = this;
    const bumped = await tx<WrittenPolicyRow[]>`
      update policies set revision = revision + 1, updated_by = ${who.importedBy}, updated_at = now()
      where id = any(${toBump}::uuid[])
      returning ${changedColumns(tx)}`;
    return bumped.map((p) => ({ ...p, inserted: false }));
  }

  private async recordOutcomes(changed: WrittenPolicyRow[]): Promise<void> {
    if (changed.length === 0) return;
    // Every key is there already: an upsert is an update that finds its rows through the index.
    await this.tx`
      insert into feed_policies as f (carrier, policy_number, fingerprint, first_row, outcome)
      select k.carrier, k.policy_number, '', 0, k.outcome from unnest(
        ${changed.map((p) => p.carrier)}::text[], ${changed.map((p) => p.policy_number)}::text[],
        ${changed.map((p) => (p.inserted ? OUTCOME.inserted : OUTCOME.updated))}::smallint[]
      ) as k(carrier, policy_number, outcome)
      on conflict (carrier, policy_number) do update set outcome = greatest(f.outcome, excluded.outcome)`;
  }

  /** policy-changed for every inserted or updated policy, into the outbox in one statement (X-2). */
  /**
   * Bulk work, coarse events: one carrier-feed-page-imported for the page, plus a policy-changed
   * for each changed policy that a CRM account owns (its account's status follows from it,
   * ACC-6). Book-of-business policies (no account) get no event of their own.
   */
  private async writeEvents(changed: WrittenPolicyRow[], previousStatus: Map<string, PolicyStatus>): Promise<void> {
    if (changed.length === 0) return;
    const { tx, who } = this;
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
          page: this.pages++,
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
    await writeOutbox(this.db, events);
    this.eventsWritten += events.length;
  }
}

/** The first `limit` rejections by row number, and how many there were in all. */
class FirstRejections {
  count = 0;
  private readonly kept: Rejection[] = [];
  private maxIndex = -1;

  constructor(private readonly limit: number) {}

  add(rejection: Rejection): void {
    this.count++;
    if (this.kept.length < this.limit) {
      this.kept.push(rejection);
      this.maxIndex = -1;
      return;
    }
    // Pages overlap, so a row may be rejected after a later one: keep the lowest row numbers.
    if (this.maxIndex < 0) this.maxIndex = this.kept.reduce((max, r, i) => (r.row > this.kept[max]!.row ? i : max), 0);
    if (rejection.row < this.kept[this.maxIndex]!.row) {
      this.kept[this.maxIndex] = rejection;
      this.maxIndex = -1;
    }
  }

  list(): Rejection[] {
    return [...this.kept].sort((a, b) => a.row - b.row);
  }
}

/** The first row of each policy among the rows, in row order. */
function distinctPolicies(rows: PlacedRow[]): PlacedRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(policyKey(r)) && seen.add(policyKey(r)));
}

function duplicateMemberReason(row: PlacedRow, firstRow: number): string {
  return row.memberKey === 'policyholder'
    ? `a second policyholder for the policy (the first is in row ${firstRow})`
    : `the same member (name and date of birth) as row ${firstRow}`;
}
