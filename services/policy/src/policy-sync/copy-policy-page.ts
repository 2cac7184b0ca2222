import type { CopyPolicyPageInput, CopyPolicyPageResult } from '@agencyflow/contracts';
import { sqlOf, type Database } from '@agencyflow/db';
import { findBusinessInDirectory } from '../db/business-directory-store';
import type { Tx } from '../db/tx';
import type { FieldCipher } from '@agencyflow/protected-data';
import { copyPageIntoBusiness, fillMissingPersonKeys, lockBusinessCopies, recordPageCopied } from '../db/policy-store';
import { isBusinessTenant, isUuid, PolicySyncInputError } from '../domain/policy-sync';

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
    await lockBusinessCopies(db, businessId);
    await checkSyncScope(db, { fmoTenantId, businessId, npns });

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

    await fillMissingPersonKeys(db, fieldCipher, ids);
    const counts = await copyPageIntoBusiness(db, { businessId, requestedBy }, ids);

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
    await recordPageCopied(db, {
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
    });
    return result;
  });
}

/**
 * X-3: the FMO and the NPNs come from the workflow; what the business may receive comes from the
 * business itself (the directory the account service's events keep). A business of another FMO is
 * refused for good; a business or NPN the directory does not know yet (its event still on the way)
 * fails the attempt, and the activity's retry finds it once the event is applied.
 */
async function checkSyncScope(db: Tx, { fmoTenantId, businessId, npns }: { fmoTenantId: string; businessId: string; npns: string[] }): Promise<void> {
  const business = await findBusinessInDirectory(db, businessId);
  if (!business) throw new Error('the business is not in the policy service\'s directory yet');
  if (business.fmoTenantId !== fmoTenantId) throw new PolicySyncInputError('the business was not provisioned by this FMO');
  if (business.state === 'deleted') throw new PolicySyncInputError('the business was deleted');
  const unknown = npns.filter((npn) => !business.userNpns.includes(npn));
  if (unknown.length > 0) throw new Error(`${unknown.length} NPN(s) are not (yet) the business's users' NPNs`);
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
