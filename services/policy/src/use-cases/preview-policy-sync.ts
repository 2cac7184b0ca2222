import type { Database } from '@agencyflow/db';

export interface NpnPreview {
  npn: string;
  policies: number;
  members: number;
  membersWithoutEmail: number;
}

export interface PolicySyncPreview {
  policies: number;
  members: number;
  membersWithoutEmail: number;
  perNpn: NpnPreview[];
}

/**
 * PS-9: what a policy sync of these NPNs would copy from the FMO's book, counted by the
 * database (one grouped statement, nothing read into memory, nothing written). Members are
 * policy members: a person on two policies counts twice. A policy has one writing agent NPN, so
 * the totals are the sums over the NPNs.
 */
export async function previewPolicySync(database: Database, { fmoTenantId, npns }: { fmoTenantId: string; npns: string[] }): Promise<PolicySyncPreview> {
  const rows = await database.sql<NpnPreview[]>`
    select n.npn,
      (select count(*)::int from policies p where p.tenant_id = ${fmoTenantId} and p.writing_agent_npn = n.npn) as policies,
      count(m.policy_id)::int as members,
      (count(m.policy_id) filter (where coalesce(m.email, '') = ''))::int as "membersWithoutEmail"
    from unnest(${npns}::text[]) with ordinality as n(npn, position)
    left join policies p on p.tenant_id = ${fmoTenantId} and p.writing_agent_npn = n.npn
    left join policy_members m on m.policy_id = p.id
    group by n.npn, n.position
    order by n.position`;
  const perNpn = rows.map((r) => ({ npn: r.npn, policies: r.policies, members: r.members, membersWithoutEmail: r.membersWithoutEmail }));
  const sum = (pick: (r: NpnPreview) => number) => perNpn.reduce((total, r) => total + pick(r), 0);
  return { policies: sum((r) => r.policies), members: sum((r) => r.members), membersWithoutEmail: sum((r) => r.membersWithoutEmail), perNpn };
}
