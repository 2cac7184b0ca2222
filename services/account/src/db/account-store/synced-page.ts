import { memberRelationships, type AccountStatus, type ContactRelation, type ContactRole, type MemberRelationship } from '@agencyflow/contracts';
import { ruleCase, sqlOf, type Executor } from '@agencyflow/db';
import { statusFromPolicies } from '../../domain/account-status';
import { syncedContactPlacement } from '../../domain/contact-roles';

/**
 * The account side of a policy-sync page (PS-5), set-based: the page's rows are in the temporary
 * tables the policy-sync slice loaded in this transaction, `synced_page` (one row per policy
 * member) and `synced_people` (one row per person, their best member row). Rows written here carry
 * this actor; the page publishes one coarse event instead of one per row.
 */
export const SYNC_ACTOR = 'policy-sync';

// The rules, written once in the domain, applied set-based (see ruleCase).
const relationship: { sql: string; values: readonly MemberRelationship[] } = { sql: 'c.relationship', values: memberRelationships };
const holdsPolicy = { sql: 'c.holds_policy', values: [true, false] };
const otherPrimary = { sql: 'c.other_primary', values: [true, false] };
const roleSql = ruleCase<{ relationship: MemberRelationship; holdsPolicy: boolean; otherPrimary: boolean }>(
  { relationship, holdsPolicy, otherPrimary },
  (i) => syncedContactPlacement({ holdsPolicy: i.holdsPolicy, relationship: i.relationship }, i.otherPrimary).role,
);
const relationSql = ruleCase<{ relationship: MemberRelationship; holdsPolicy: boolean; otherPrimary: boolean }>(
  { relationship, holdsPolicy, otherPrimary },
  (i) => syncedContactPlacement({ holdsPolicy: i.holdsPolicy, relationship: i.relationship }, i.otherPrimary).relation,
);
/** ACC-6 for an account the page opens (as a prospect). */
const newAccountStatusSql = ruleCase<{ hasActive: boolean }>({ hasActive: { sql: 'l.has_active', values: [true, false] } }, (i) =>
  statusFromPolicies('prospect', i.hasActive ? 1 : 0),
);

export interface SyncedAccount {
  id: string;
  name: string;
  status: AccountStatus;
}

/**
 * One account per policyholder, named after them, opened as a prospect and at once given the
 * status its policies imply (ACC-6: active with an active policy, so the page's policy summaries
 * are written first); existing accounts are left alone. Deterministic ids: a retried or repeated
 * page changes nothing.
 */
export function insertSyncedAccounts(tx: Executor, businessId: string): Promise<SyncedAccount[]> {
  const sql = sqlOf(tx);
  return sql<SyncedAccount[]>`
    insert into accounts as a (id, tenant_id, name, status, created_by)
    select l.id, ${businessId}, l.name, ${sql.unsafe(newAccountStatusSql)}, ${SYNC_ACTOR}
    from (
      select distinct on (r.account_id) r.account_id as id, r.first_name || ' ' || r.last_name as name,
        exists (select 1 from policy_summaries s
                where s.tenant_id = ${businessId} and s.account_id = r.account_id and s.status = 'active' and not s.deleted) as has_active
      from synced_page r
      where r.account_id is not null and r.contact_id = r.policyholder_contact_id
      order by r.account_id, r.synced_from
    ) l
    order by l.id
    on conflict (id) do nothing
    returning a.id, a.name, a.status`;
}

export interface SyncedContact {
  id: string;
  inserted: boolean;
  account_id: string;
  role: ContactRole;
  relation: ContactRelation | null;
  first_name: string;
  last_name: string;
}

/**
 * The page's people (`synced_people`, with the birth year the policy-sync slice derived from each
 * date of birth), inserted with their account's status (ACC-8) and placed by
 * syncedContactPlacement (ACC-1/2), or updated when their best row's data changed or a better row
 * turned up (fields only: a contact never moves account or role through a sync; an unchanged
 * one, same member fingerprint, is not touched). Whatever the page size, a person ends up with
 * the fields of their best row in the whole book, which is what the preview counts (PS-9).
 */
export function upsertSyncedContacts(tx: Executor, businessId: string): Promise<SyncedContact[]> {
  const sql = sqlOf(tx);
  return sql<SyncedContact[]>`
    with c as materialized (
      -- Materialized: the role rules read other_primary several times; it is looked up once a person.
      select p.*, p.contact_id = p.policyholder_contact_id as holds_policy,
        exists (select 1 from contacts o where o.account_id = p.account_id and o.role = 'primary' and o.id <> p.contact_id) as other_primary
      from synced_people p
    )
    insert into contacts as t (
      id, tenant_id, account_id, role, relation, status, source, first_name, last_name, email, cell_phone,
      address_line1, city, state, zip, gender, date_of_birth_enc, birth_year, mbi_enc, sync_fingerprint, sync_rank, created_by)
    select c.contact_id, ${businessId}, c.account_id, ${sql.unsafe(roleSql)}, ${sql.unsafe(relationSql)}, a.status, 'policy-sync',
      c.first_name, c.last_name, c.email, c.phone, c.address_line1, c.city, c.state, c.zip,
      case when c.gender in ('female', 'male') then c.gender when c.gender is null then null else 'unknown' end,
      c.date_of_birth_enc, c.birth_year, c.mbi_enc, c.member_fingerprint, c.sync_rank, ${SYNC_ACTOR}
    from c
    join accounts a on a.id = c.account_id and a.tenant_id = ${businessId}
    order by c.contact_id
    on conflict (id) do update set
      first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email, cell_phone = excluded.cell_phone,
      address_line1 = excluded.address_line1, city = excluded.city, state = excluded.state, zip = excluded.zip, gender = excluded.gender,
      date_of_birth_enc = excluded.date_of_birth_enc, birth_year = excluded.birth_year, mbi_enc = excluded.mbi_enc, sync_fingerprint = excluded.sync_fingerprint,
      sync_rank = excluded.sync_rank, updated_at = now()
    where (t.sync_rank is null or excluded.sync_rank <= t.sync_rank collate "C")
      and (t.sync_fingerprint is distinct from excluded.sync_fingerprint or t.sync_rank is distinct from excluded.sync_rank)
    returning t.id, (xmax = 0) as inserted, t.account_id, t.role, t.relation, t.first_name, t.last_name`;
}
