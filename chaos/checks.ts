import type postgres from 'postgres';

/**
 * ACC-6 and ACC-8 as counted after a run: accounts not active although an active policy of theirs
 * is summarised, plus contacts whose status is not their account's.
 */
export async function statusMismatches(sql: postgres.Sql, tenantId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select (select count(*)::int from accounts a where a.tenant_id = ${tenantId} and a.status <> 'active'
              and exists (select 1 from policy_summaries s where s.account_id = a.id and s.status = 'active' and not s.deleted))
      + (select count(*)::int from contacts c join accounts a on a.id = c.account_id
         where c.tenant_id = ${tenantId} and c.status <> a.status) as n`;
  return row!.n;
}
