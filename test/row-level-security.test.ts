import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { serviceNames, type ServiceName } from '@agencyflow/contracts';
import { bypassesRowSecurity, createDatabase, inTenant, serviceRoleUrl, type Database } from '@agencyflow/db';
import { createTestDatabase, shortId, type TestDatabase } from '@agencyflow/testing';

/**
 * Tables every tenant shares by design, outside row-level security: the outbox and inbox are the
 * relay's and consumers' queues (they read across tenants by nature), and idempotency keys are
 * looked up by (tenant, key) before any tenant data is touched. docs/decisions/0023.
 */
const sharedTables = new Set(['outbox', 'inbox', 'idempotency_keys']);

/**
 * X-3 tenancy enforced by the database: each service connects as its own role, which is no
 * superuser, cannot bypass row-level security, and sees a tenant table's rows only for the
 * tenants its transaction names.
 */
describe('X-3 row-level security', () => {
  const databases = new Map<ServiceName, TestDatabase>();
  let asAccountRole: Database;
  const tenantA = `rls-a-${shortId()}`;
  const tenantB = `rls-b-${shortId()}`;

  beforeAll(async () => {
    for (const service of serviceNames) databases.set(service, await createTestDatabase(service));
    const account = databases.get('account')!;
    // Written as the owner (the test's superuser connection), which row-level security does not stop.
    await account.sql`insert into accounts (tenant_id, name, created_by) values (${tenantA}, 'A one', 't'), (${tenantA}, 'A two', 't'), (${tenantB}, 'B one', 't')`;
    asAccountRole = createDatabase({ url: serviceRoleUrl(account.url, 'account'), schema: {}, max: 2 });
  });
  afterAll(async () => {
    await asAccountRole?.close();
    await Promise.all([...databases.values()].map((d) => d.drop()));
  });

  it('X-3: every service role is no superuser and cannot bypass row-level security', async () => {
    for (const [service, database] of databases) {
      const sql = postgres(serviceRoleUrl(database.url, service), { max: 1 });
      try {
        expect(await bypassesRowSecurity(sql), service).toBe(false);
      } finally {
        await sql.end({ timeout: 5 });
      }
    }
  });

  it('X-3: every table with a tenant column in every service has row-level security, forced', async () => {
    for (const [service, database] of databases) {
      const tables = await database.sql<{ table: string; enabled: boolean; forced: boolean; policies: number }[]>`
        select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
          (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and not a.attisdropped
                      and a.attname in ('tenant_id', 'fmo_tenant_id', 'business_id'))`;
      for (const table of tables.filter((t) => !sharedTables.has(t.table))) {
        expect({ service, ...table }).toEqual({ service, table: table.table, enabled: true, forced: true, policies: 1 });
      }
    }
  });

  it('X-3: a query without a tenant sees no row', async () => {
    const rows = await asAccountRole.sql`select id from accounts`;
    expect(rows).toHaveLength(0);
  });

  it('X-3: a query as tenant A sees A rows only, never B, even without a WHERE on the tenant', async () => {
    const seen = await inTenant(asAccountRole, tenantA, async (tx) => [...(await tx.execute<{ tenant_id: string }>(sql`select tenant_id from accounts`))]);
    expect(seen.map((r) => r.tenant_id).sort()).toEqual([tenantA, tenantA]);
    const asB = await asAccountRole.sql.begin(async (tx) => {
      await tx`select set_config('agencyflow.tenants', ${tenantB}, true)`;
      return tx<{ name: string }[]>`select name from accounts`;
    });
    expect(asB.map((r) => r.name)).toEqual(['B one']);
  });

  it('X-3: a transaction of tenant A cannot write a row of tenant B, nor move its own rows to B', async () => {
    const write = (statement: (tx: postgres.TransactionSql) => Promise<unknown>) =>
      asAccountRole.sql.begin(async (tx) => {
        await tx`select set_config('agencyflow.tenants', ${tenantA}, true)`;
        await statement(tx);
      });
    await expect(write((tx) => tx`insert into accounts (tenant_id, name, created_by) values (${tenantB}, 'smuggled', 't')`)).rejects.toMatchObject({ code: '42501' });
    await expect(write((tx) => tx`update accounts set tenant_id = ${tenantB} where tenant_id = ${tenantA}`)).rejects.toMatchObject({ code: '42501' });
    const [counts] = await databases.get('account')!.sql<{ a: number; b: number }[]>`
      select count(*) filter (where tenant_id = ${tenantA})::int as a, count(*) filter (where tenant_id = ${tenantB})::int as b from accounts`;
    expect(counts).toEqual({ a: 2, b: 1 });
  });

  it('X-3: the setting is per transaction: a pooled connection does not carry a tenant to its next user', async () => {
    const single = createDatabase({ url: serviceRoleUrl(databases.get('account')!.url, 'account'), schema: {}, max: 1 });
    try {
      await inTenant(single, tenantA, (tx) => tx.execute(sql`select 1`));
      expect(await single.sql`select id from accounts`).toHaveLength(0);
    } finally {
      await single.close();
    }
  });
});
