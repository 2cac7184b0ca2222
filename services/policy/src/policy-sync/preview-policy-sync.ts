import type { Database } from '@agencyflow/db';

export interface PreviewCounts {
  policies: number;
  members: number;
  membersWithoutEmail: number;
  contacts: number;
  contactsWithoutEmail: number;
}

export interface NpnPreview extends PreviewCounts {
  npn: string;
}

export interface PolicySyncPreview extends PreviewCounts {
  perNpn: NpnPreview[];
}

/**
 * PS-9: what a policy sync of these NPNs would copy from the FMO's book, counted by the
 * database (one statement, nothing read into memory, nothing written): policies, their members,
 * and the people the sync makes contacts of, exactly as it will. A person is a person key (stored
 * at import); their email is the one of their best member row, which the sync also keeps: a row
 * that holds its policy (the policyholder, or the first member of a policy without one) first,
 * then the lowest policy id and member key. A person on policies of two NPNs counts once in the
 * total and once under each NPN. Member rows imported before person keys existed count as one
 * person each until their first sync gives them a key.
 */
export async function previewPolicySync(database: Database, { fmoTenantId, npns }: { fmoTenantId: string; npns: string[] }): Promise<PolicySyncPreview> {
  const rows = await database.sql.begin((sql) => sql<(NpnPreview & { position: number })[]>`
    with scope as (
      select p.id, p.writing_agent_npn as npn from policies p
      where p.tenant_id = ${fmoTenantId} and p.writing_agent_npn = any(${npns}::text[])
    ), holder as (
      select distinct on (m.policy_id) m.policy_id, m.member_key
      from policy_members m join scope s on s.id = m.policy_id
      order by m.policy_id, (m.member_key = 'policyholder') desc, m.member_key collate "C"
    ), member_row as (
      select s.npn, coalesce(m.person_key, 'unkeyed:' || m.id::text) as person, coalesce(m.email, '') = '' as no_email,
        (case when h.member_key = m.member_key then '0' else '1' end) || s.id::text || '|' || m.member_key as rank
      from scope s join policy_members m on m.policy_id = s.id join holder h on h.policy_id = s.id
    ), person as (
      select distinct on (r.person) r.person, r.no_email from member_row r order by r.person, r.rank collate "C"
    ), per_npn as (
      select r.npn, count(*)::int as members, (count(*) filter (where r.no_email))::int as members_without_email,
        count(distinct r.person)::int as contacts,
        (count(distinct r.person) filter (where p.no_email))::int as contacts_without_email
      from member_row r join person p on p.person = r.person
      group by r.npn
    )
    select n.npn, n.position::int as position,
      (select count(*)::int from scope s where s.npn = n.npn) as policies,
      coalesce(c.members, 0) as members, coalesce(c.members_without_email, 0) as "membersWithoutEmail",
      coalesce(c.contacts, 0) as contacts, coalesce(c.contacts_without_email, 0) as "contactsWithoutEmail"
    from unnest(${npns}::text[]) with ordinality as n(npn, position)
    left join per_npn c on c.npn = n.npn
    union all
    select null, 0, null, null, null, count(*)::int, (count(*) filter (where no_email))::int from person
    order by position`);
  const [total, ...perNpnRows] = rows;
  const perNpn = perNpnRows.map(({ npn, policies, members, membersWithoutEmail, contacts, contactsWithoutEmail }) => ({
    npn,
    policies,
    members,
    membersWithoutEmail,
    contacts,
    contactsWithoutEmail,
  }));
  const sum = (pick: (r: NpnPreview) => number) => perNpn.reduce((n, r) => n + pick(r), 0);
  // A policy has one writing agent NPN: policies and members add up; people do not (counted once above).
  return {
    policies: sum((r) => r.policies),
    members: sum((r) => r.members),
    membersWithoutEmail: sum((r) => r.membersWithoutEmail),
    contacts: total?.contacts ?? 0,
    contactsWithoutEmail: total?.contactsWithoutEmail ?? 0,
    perNpn,
  };
}
