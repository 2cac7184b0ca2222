import type { Executor } from '@agencyflow/db';
import type { FieldCipher } from '@agencyflow/protected-data';
import {
  bumpForMemberChanges,
  upsertFeedMembers,
  upsertFeedPolicies,
  writeFeedPageEvents,
  type PlacedFeedRow as PlacedRow,
  type WrittenPolicyRow,
} from '../db/policy-store';
import { recordImportPolicyOutcomes, rememberImportMembers, rememberImportPolicies, type WrittenRowOutcome } from '../db/feed-import-store';

/** What one row of a page came to: its member's outcome and policy, or why it was rejected. */
export type RowOutcome = WrittenRowOutcome;

export interface PageCounts {
  valid: number;
  members: { inserted: number; updated: number; unchanged: number };
}

/** 0 unchanged, 1 updated, 2 inserted: the most an import did to a policy. */
const POLICY_OUTCOME = { unchanged: 0, updated: 1, inserted: 2 } as const;

const policyKey = (row: PlacedRow) => `${row.feed.carrier}\u0000${row.feed.policyNumber}`;
const memberIdentity = (row: PlacedRow) => `${policyKey(row)}\u0000${row.memberKey}`;
const byKey = (a: PlacedRow, b: PlacedRow) => (policyKey(a) < policyKey(b) ? -1 : policyKey(a) > policyKey(b) ? 1 : 0);

/**
 * Writes one page of an import's validated rows with a handful of set-based statements, inside the
 * page's transaction. The import's scratch tables (carrier_feed_import_policies / _members, keyed by
 * the import) remember what earlier pages saw, so a policy whose rows are spread over pages is
 * counted and changed once (one revision, one event) and a row that contradicts an earlier row of
 * the same import is rejected whichever page it is in: the outcome never depends on the order of rows.
 */
export class FeedPageWriter {
  constructor(
    private readonly db: Executor,
    private readonly cipher: FieldCipher,
    private readonly who: { tenantId: string; importedBy: string; importId: string },
  ) {}

  /** Writes the page (rows in row order) as the import's page number `page`; returns each row's outcome. */
  async write(page: PlacedRow[], pageNumber: number): Promise<{ outcomes: RowOutcome[]; counts: PageCounts; eventsWritten: number }> {
    const rejected: RowOutcome[] = [];
    const reject = (row: number, reason: string) => rejected.push({ row, outcome: 'rejected', reason });
    const counts: PageCounts = { valid: 0, members: { inserted: 0, updated: 0, unchanged: 0 } };
    const { rows, changedEarlier } = await this.keepConsistentRows(page, reject);
    if (rows.length === 0) return { outcomes: rejected, counts, eventsWritten: 0 };
    counts.valid = rows.length;

    const { db, cipher, who } = this;
    const policies = await upsertFeedPolicies(db, who, distinctPolicies(rows).sort(byKey));
    const members = await upsertFeedMembers(db, cipher, who, rows, policies);
    counts.members = { inserted: members.inserted, updated: members.updated, unchanged: members.unchanged };
    // One import is one change per policy: a policy that an earlier page already inserted or changed
    // is not bumped again when more of its members arrive.
    for (const row of rows) if (changedEarlier.has(policyKey(row))) members.changedPolicyIds.delete(policies.idOf(row));
    const bumped = await bumpForMemberChanges(db, who, members.changedPolicyIds, policies.changed);
    const changed = [...policies.changed, ...bumped];
    await this.recordPolicyOutcomes(changed);
    const eventsWritten = changed.length > 0 ? await writeFeedPageEvents(db, { ...who, page: pageNumber }, changed, policies.previous) : 0;
    const written: RowOutcome[] = rows.map((row) => ({ row: row.row, outcome: members.outcomeOf(row), policyId: policies.idOf(row) }));
    return { outcomes: [...rejected, ...written].sort((a, b) => a.row - b.row), counts, eventsWritten };
  }

  /**
   * Rejects rows that contradict an earlier row of this import: other policy fields for the same
   * policy, or the same member again. Each statement records the page's new keys in the scratch
   * and returns, through the arbiter index, the ones an earlier page recorded (the no-op update
   * leaves them as they were; xmax = 0 marks a fresh insert).
   */
  private async keepConsistentRows(page: PlacedRow[], reject: (row: number, reason: string) => void) {
    const { who } = this;
    const firstOfPolicy = new Map<string, PlacedRow>();
    const firstOfMember = new Map<string, number>();
    const candidates: PlacedRow[] = [];
    for (const row of page) {
      const first = firstOfPolicy.get(policyKey(row));
      if (first && first.policyFingerprint !== row.policyFingerprint) {
        reject(row.row, `policy fields differ from row ${first.row} of the same policy`);
        continue;
      }
      if (!first) firstOfPolicy.set(policyKey(row), row);
      const sameMember = firstOfMember.get(memberIdentity(row));
      if (sameMember !== undefined) {
        reject(row.row, duplicateMemberReason(row, sameMember));
        continue;
      }
      firstOfMember.set(memberIdentity(row), row.row);
      candidates.push(row);
    }
    const changedEarlier = new Set<string>();
    if (candidates.length === 0) return { rows: [], changedEarlier };

    const firsts = [...firstOfPolicy.values()];
    const seenPolicies = await rememberImportPolicies(
      this.db,
      who,
      firsts.map((r) => ({ carrier: r.feed.carrier, policyNumber: r.feed.policyNumber, fingerprint: r.policyFingerprint, row: r.row })),
    );
    const earlierPolicies = seenPolicies.filter((p) => !p.inserted);
    for (const p of earlierPolicies) if (p.outcome > 0) changedEarlier.add(`${p.carrier}\u0000${p.policy_number}`);
    const earlierPolicy = new Map(earlierPolicies.map((p) => [`${p.carrier}\u0000${p.policy_number}`, p]));
    const consistent = candidates.filter((row) => {
      const policy = earlierPolicy.get(policyKey(row));
      if (!policy || policy.fingerprint === row.policyFingerprint) return true;
      reject(row.row, `policy fields differ from row ${policy.first_row} of the same policy`);
      return false;
    });
    if (consistent.length === 0) return { rows: [], changedEarlier };

    const seenMembers = await rememberImportMembers(
      this.db,
      who,
      consistent.map((r) => ({ carrier: r.feed.carrier, policyNumber: r.feed.policyNumber, memberKey: r.memberKey, row: r.row })),
    );
    const earlierMember = new Map(
      seenMembers.filter((m) => !m.inserted).map((m) => [`${m.carrier}\u0000${m.policy_number}\u0000${m.member_key}`, m.first_row]),
    );
    const rows = consistent.filter((row) => {
      const first = earlierMember.get(memberIdentity(row));
      if (first === undefined) return true;
      reject(row.row, duplicateMemberReason(row, first));
      return false;
    });
    return { rows, changedEarlier };
  }

  private async recordPolicyOutcomes(changed: WrittenPolicyRow[]): Promise<void> {
    await recordImportPolicyOutcomes(
      this.db,
      this.who.importId,
      changed.map((p) => ({ carrier: p.carrier, policyNumber: p.policy_number, outcome: p.inserted ? POLICY_OUTCOME.inserted : POLICY_OUTCOME.updated })),
    );
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

/** Policy outcome codes of the scratch, for the import's final counts. */
export const policyOutcomeCodes = POLICY_OUTCOME;
