import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forTenants } from '@agencyflow/db';
import request from 'supertest';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { policyService } from '../src';
import { importCarrierFeed } from '../src/carrier-feeds/import-carrier-feed';
import { feedRow, outboxCount, type FeedRowValues } from './support/fixtures';

const PRINCIPAL = '17234598';
const AGENT = '17234599';
const AGENCY = '88001234';
const NOBODY = '99999999';

/** Component tests: PS-9 the policy sync preview over HTTP against a real PostgreSQL database. */
describe('policy service: Agent CRM policy sync preview', () => {
  let service: TestService;
  let fmoAdmin: string;
  let agencyAdmin: string;
  const fmoTenantId = `fmo-${shortId()}`;
  const otherTenantId = `fmo-${shortId()}`;
  const preview = (body: object, token = fmoAdmin) => request(service.runtime.app).post('/agent-crm/preview').set('authorization', `Bearer ${token}`).send(body);

  const importRows = (tenantId: string, rows: FeedRowValues[]) =>
    importCarrierFeed({ ...service.runtime.deps, database: forTenants(service.runtime.deps.database, tenantId) }, { tenantId, importedBy: 'fmo-admin-1', format: 'json', rows: rows.map((values, i) => ({ row: i + 1, values })) });

  /** Every table the preview could write to, by row count. */
  const tableCounts = async () => {
    const [row] = await service.database.sql<{ policies: number; members: number; imports: number; idempotency: number }[]>`
      select (select count(*)::int from policies) as policies, (select count(*)::int from policy_members) as members,
        (select count(*)::int from carrier_feed_imports) as imports, (select count(*)::int from idempotency_keys) as idempotency`;
    return { ...row, outbox: await outboxCount(service) };
  };

  beforeAll(async () => {
    service = await startTestService(policyService, { prefix: `t${shortId()}.`, start: false });
    fmoAdmin = await issueToken({ tenantId: fmoTenantId, subject: 'fmo-admin-1', groups: ['fmo-admin'] });
    agencyAdmin = await issueToken({ tenantId: fmoTenantId, subject: 'agency-admin-1', groups: ['agency-admin'] });
    const p = (number: string, npn: string) => ({ policy_number: number, writing_agent_npn: npn });
    const spouse = { member_relationship: 'spouse', first_name: 'Jose', date_of_birth: '1952-07-19', email: '', mbi: '' };
    const child = { member_relationship: 'child', first_name: 'Tom', date_of_birth: '2010-05-05', email: '', mbi: '' };
    await importRows(fmoTenantId, [
      // The principal: 2 policies, 4 members, 2 without email.
      feedRow(p('P-1', PRINCIPAL)),
      feedRow({ ...p('P-1', PRINCIPAL), ...spouse }),
      feedRow({ ...p('P-1', PRINCIPAL), ...child }),
      feedRow({ ...p('P-2', PRINCIPAL), first_name: 'Kim', last_name: 'Ng' }),
      // The agent: 1 policy, 1 member without email.
      feedRow({ ...p('G-1', AGENT), first_name: 'Ann', last_name: 'Lee', email: '' }),
      // The agency's own NPN: 1 policy, 2 members.
      feedRow(p('Y-1', AGENCY)),
      feedRow({ ...p('Y-1', AGENCY), ...spouse }),
    ]);
    // Another FMO's book, with the principal's NPN: not this FMO's to preview.
    await importRows(otherTenantId, [feedRow(p('X-1', PRINCIPAL)), feedRow({ ...p('X-1', PRINCIPAL), ...spouse })]);
  });
  afterAll(async () => service?.stop());

  it('PS-9 previews the policies, members and members without email a sync of these NPNs would copy, per NPN, and writes nothing', async () => {
    const before = await tableCounts();
    const res = await preview({ npns: [PRINCIPAL, AGENT, NOBODY, PRINCIPAL] }).expect(200);
    expect(res.body).toEqual({
      policies: 3,
      members: 5,
      membersWithoutEmail: 3,
      contacts: 5,
      contactsWithoutEmail: 3,
      perNpn: [
        { npn: PRINCIPAL, policies: 2, members: 4, membersWithoutEmail: 2, contacts: 4, contactsWithoutEmail: 2 },
        { npn: AGENT, policies: 1, members: 1, membersWithoutEmail: 1, contacts: 1, contactsWithoutEmail: 1 },
        { npn: NOBODY, policies: 0, members: 0, membersWithoutEmail: 0, contacts: 0, contactsWithoutEmail: 0 },
      ],
    });
    expect(await tableCounts()).toEqual(before);

    // The agency's own NPN is previewed only when asked for.
    const agency = await preview({ npns: [AGENCY] }).expect(200);
    expect(agency.body).toMatchObject({ policies: 1, members: 2, membersWithoutEmail: 1, contacts: 2, contactsWithoutEmail: 1 });
  });

  it('PS-9 contacts are people: one on policies of two NPNs counts once in the total and once under each NPN', async () => {
    // Maria holds P-1 (principal) and Y-1 (agency); Jose is a spouse on both.
    const res = await preview({ npns: [PRINCIPAL, AGENCY] }).expect(200);
    expect(res.body).toMatchObject({ policies: 3, members: 6, membersWithoutEmail: 3, contacts: 4, contactsWithoutEmail: 2 });
    expect(res.body.perNpn).toEqual([
      { npn: PRINCIPAL, policies: 2, members: 4, membersWithoutEmail: 2, contacts: 4, contactsWithoutEmail: 2 },
      { npn: AGENCY, policies: 1, members: 2, membersWithoutEmail: 1, contacts: 2, contactsWithoutEmail: 1 },
    ]);
  });

  it("PS-9 a person's email is the one of their best member row: the row that holds its policy first, then the earliest policy", async () => {
    const tenant = `fmo-${shortId()}`;
    const token = await issueToken({ tenantId: tenant, subject: 'fmo-admin-1', groups: ['fmo-admin'] });
    const lou = { first_name: 'Lou', last_name: 'Park', date_of_birth: '1960-01-01' };
    await importRows(tenant, [
      // Lou holds L-1 without an email, and is a spouse with one on L-2: the holder row decides.
      feedRow({ policy_number: 'L-1', writing_agent_npn: AGENT, ...lou, email: '' }),
      feedRow({ policy_number: 'L-2', writing_agent_npn: AGENT, first_name: 'Sue', last_name: 'Park', date_of_birth: '1961-01-01' }),
      feedRow({ policy_number: 'L-2', writing_agent_npn: AGENT, member_relationship: 'spouse', ...lou, email: 'lou@example.com' }),
    ]);
    const res = await request(service.runtime.app).post('/agent-crm/preview').set('authorization', `Bearer ${token}`).send({ npns: [AGENT] }).expect(200);
    expect(res.body).toMatchObject({ policies: 2, members: 3, membersWithoutEmail: 1, contacts: 2, contactsWithoutEmail: 1 });
  });

  it('PS-9 previewing needs agent-crm:provision (403), and 1 to 100 valid NPNs (400)', async () => {
    const forbidden = await preview({ npns: [PRINCIPAL] }, agencyAdmin).expect(403);
    expect(forbidden.headers['content-type']).toMatch(/application\/problem\+json/);

    for (const body of [{ npns: ['12-34'] }, { npns: [] }, { npns: Array.from({ length: 101 }, (_, i) => String(1000 + i)) }, {}, { npns: [PRINCIPAL], extra: 1 }]) {
      const res = await preview(body).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const bad = await preview({ npns: [PRINCIPAL, 'abc'] }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('npns');
    // 100 NPNs are fine.
    await preview({ npns: Array.from({ length: 100 }, (_, i) => String(1000 + i)) }).expect(200);
  });
});
