import http from 'node:http';
import { forTenants } from '@agencyflow/db';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { eventually, issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { policyService } from '../src';
import { carrierFeedImports, outbox, policies, policyMembers } from '../src/db/schema';
import { importCarrierFeed, defaultImportLimits, writeStagedImport } from '../src/carrier-feeds/import-carrier-feed';
import { feedRow, outboxCount, outboxEventsOf, policyByNumber, toCsv, type FeedRowValues } from './support/fixtures';

/** Component tests: PS-2 carrier feed imports over HTTP against a real PostgreSQL database. */
describe('policy service: carrier feed imports', () => {
  let service: TestService;
  let fmo: string; // fmo-admin: carrier-feeds:import, policies:view/edit, no protected-data:view
  const tenantId = `fmo-${shortId()}`;
  const api = () => request(service.runtime.app);
  const importCsv = (csv: string, token = fmo) =>
    api().post('/carrier-feeds').set('authorization', `Bearer ${token}`).set('content-type', 'text/csv').send(csv);
  const importJson = (rows: unknown[], token = fmo) =>
    api().post('/carrier-feeds/json').set('authorization', `Bearer ${token}`).send({ rows });
  /**
   * An upload accepted (202) and then written to the end, in this process, by the code the import's
   * workflow runs in its activities (no Temporal worker here; test/carrier-feed-jobs.test.ts runs
   * the workflow). Answers the finished import as GET /carrier-feeds/{id} shows it.
   */
  const writeAll = (importId: string, tenant = tenantId) =>
    writeStagedImport({ ...service.runtime.deps, database: forTenants(service.runtime.deps.database, tenant) }, importId);
  const finished = async (upload: request.Test, token = fmo, tenant = tenantId) => {
    const accepted = await upload.expect(202);
    expect(accepted.body).toMatchObject({ state: 'queued', kind: 'carrier-feed-import' });
    await writeAll(accepted.body.importId, tenant);
    const done = await api().get(`/carrier-feeds/${accepted.body.importId}`).set('authorization', `Bearer ${token}`).expect(200);
    expect(done.body.state).toBe('completed');
    return { body: done.body, headers: accepted.headers, accepted: accepted.body };
  };
  /** The import's page events (its staged event left out). */
  const pageEventsOf = async (importId: string) => (await outboxEventsOf(service, importId)).filter((e) => e.type === 'policy.carrier-feed-page-imported');

  beforeAll(async () => {
    service = await startTestService(policyService, { prefix: `t${shortId()}.`, start: false });
    fmo = await issueToken({ tenantId, subject: 'fmo-admin-1', groups: ['fmo-admin'] });
  });
  afterAll(async () => service?.stop());

  /** Everything an import could change, for "nothing changed" assertions. */
  const snapshot = async (tenant = tenantId) => {
    const { db } = service.database;
    const policyRows = await db
      .select({ id: policies.id, revision: policies.revision, fingerprint: policies.fingerprint, updatedAt: policies.updatedAt })
      .from(policies)
      .where(eq(policies.tenantId, tenant))
      .orderBy(asc(policies.id));
    const memberRows = await db
      .select({ id: policyMembers.id, fingerprint: policyMembers.fingerprint, dob: policyMembers.dateOfBirthEnc, updatedAt: policyMembers.updatedAt })
      .from(policyMembers)
      .where(eq(policyMembers.tenantId, tenant))
      .orderBy(asc(policyMembers.id));
    // Events about the book: an upload's own staged event (the job was accepted) is not a change of it.
    const [book] = await service.database.sql<{ n: number }[]>`
      select count(*)::int as n from outbox where envelope->>'type' <> 'policy.carrier-feed-staged'`;
    return { policies: policyRows, members: memberRows, outbox: book!.n };
  };

  /** A small book: policy P-1 (policyholder + spouse), P-2 (policyholder + dependent), P-3 (policyholder). */
  const book = (prefix: string): FeedRowValues[] => {
    const aetna = { carrier: 'Aetna', policy_number: `${prefix}-2`, coverage_type: 'Medicare Supplement', premium: '$1,020.00', writing_agent_npn: '42' };
    return [
    feedRow({ policy_number: `${prefix}-1` }),
    feedRow({ policy_number: `${prefix}-1`, member_relationship: 'spouse', first_name: 'Jose', date_of_birth: '1952-07-19', gender: 'M', mbi: '' }),
    feedRow({ ...aetna, first_name: 'Ann', last_name: 'Lee', mbi: '2EG4TE5MK74' }),
    feedRow({ ...aetna, premium: '1020', member_relationship: 'child', first_name: 'Tom', last_name: 'Lee', date_of_birth: '2010-05-05', mbi: '', email: '' }),
    feedRow({ policy_number: `${prefix}-3`, status: 'pending', effective_date: '02/01/2026', renewal_date: '', first_name: 'Kim', last_name: 'Ng' }),
    ];
  };

  it('PS-2 a CSV import upserts policies and members and answers counts; the page publishes one carrier-feed-page-imported, no event per book policy', async () => {
    const res = await finished(importCsv(toCsv(book('CSV'))));
    expect(res.body).toMatchObject({
      rows: { total: 5, valid: 5, rejected: 0 },
      policies: { inserted: 3, updated: 0, unchanged: 0 },
      members: { inserted: 5, updated: 0, unchanged: 0 },
      rejections: [],
      rejectionsOmitted: 0,
      ignoredColumns: [],
    });
    expect(res.headers.location).toBe(`/carrier-feeds/${res.body.importId}`);

    const p2 = await policyByNumber(service, tenantId, 'Aetna', 'CSV-2');
    expect(p2).toMatchObject({
      coverageType: 'medicare-supplement',
      status: 'active',
      premium: '1020.00',
      writingAgentNpn: '42',
      accountId: null,
      policyholderContactId: null,
      revision: 1,
      source: 'carrier-feed',
    });
    const p3 = await policyByNumber(service, tenantId, 'Humana', 'CSV-3');
    expect(p3).toMatchObject({ status: 'pending', effectiveDate: '2026-02-01', renewalDate: null });

    const read = await api().get(`/policies/${p2!.id}`).set('authorization', `Bearer ${fmo}`).expect(200);
    expect(read.body.members).toEqual([
      expect.objectContaining({ relationship: 'policyholder', firstName: 'Ann', mbi: '*******MK74', dateOfBirth: '****-**-**' }),
      expect.objectContaining({ relationship: 'dependent', firstName: 'Tom', mbi: null, email: null }),
    ]);

    // Bulk work, coarse events: one event for the page; book policies (no CRM account) have none of their own.
    expect(await pageEventsOf(res.body.importId)).toEqual([
      expect.objectContaining({
        type: 'policy.carrier-feed-page-imported',
        tenantId,
        data: { importId: res.body.importId, page: 0, policiesInserted: 3, policiesUpdated: 0, policiesWithAccount: 0, importedBy: 'fmo-admin-1' },
      }),
    ]);
    expect(await outboxEventsOf(service, p2!.id)).toEqual([]);

    const record = await api().get(`/carrier-feeds/${res.body.importId}`).set('authorization', `Bearer ${fmo}`).expect(200);
    expect(record.body).toMatchObject({ ...res.body, format: 'csv', importedBy: 'fmo-admin-1' });
  });

  it('PS-2 importing the same file twice changes nothing the second time: no revision, no event, all unchanged', async () => {
    const csv = toCsv(book('TWICE'));
    await finished(importCsv(csv));
    const before = await snapshot();
    const again = await finished(importCsv(csv));
    expect(again.body).toMatchObject({
      rows: { total: 5, valid: 5, rejected: 0 },
      policies: { inserted: 0, updated: 0, unchanged: 3 },
      members: { inserted: 0, updated: 0, unchanged: 5 },
    });
    expect(await snapshot()).toEqual(before);

    const json = await finished(importJson(book('TWICE')));
    expect(json.body.policies).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await snapshot()).toEqual(before);
  });

  it('PS-2 a changed row counts its policy as updated: revision + 1, counted in the page event', async () => {
    await finished(importCsv(toCsv(book('UPD'))));
    const p1 = (await policyByNumber(service, tenantId, 'Humana', 'UPD-1'))!;
    const p2 = (await policyByNumber(service, tenantId, 'Aetna', 'UPD-2'))!;
    const p3 = (await policyByNumber(service, tenantId, 'Humana', 'UPD-3'))!;

    const changed = book('UPD');
    changed[0] = { ...changed[0]!, premium: '150.00', status: 'cancelled' }; // P-1 policy fields, on both of its rows:
    changed[1] = { ...changed[1]!, premium: '150.00', status: 'cancelled' };
    changed[3] = { ...changed[3]!, phone: '212-555-0199' }; // P-2: only a member changes
    const res = await finished(importCsv(toCsv(changed)));
    expect(res.body).toMatchObject({
      policies: { inserted: 0, updated: 2, unchanged: 1 },
      members: { inserted: 0, updated: 1, unchanged: 4 },
    });

    expect((await policyByNumber(service, tenantId, 'Humana', 'UPD-1'))!).toMatchObject({ revision: 2, premium: '150.00', status: 'cancelled' });
    expect((await policyByNumber(service, tenantId, 'Aetna', 'UPD-2'))!.revision).toBe(2);
    expect((await policyByNumber(service, tenantId, 'Humana', 'UPD-3'))!.revision).toBe(1);
    expect((await pageEventsOf(res.body.importId)).map((e) => [e.type, e.data.policiesInserted, e.data.policiesUpdated])).toEqual([
      ['policy.carrier-feed-page-imported', 0, 2],
    ]);
    for (const policy of [p1, p2, p3]) expect(await outboxEventsOf(service, policy.id)).toEqual([]);
  });

  it('PS-2 X-5 each invalid row (a NUL character and the year 0000 too) is reported with its 1-based row number and reason and not written; valid rows are', async () => {
    const rows = [
      feedRow({ policy_number: 'BAD-ok' }),
      feedRow({ policy_number: 'BAD-npn', writing_agent_npn: 'AB12345' }),
      feedRow({ policy_number: 'BAD-npn-long', writing_agent_npn: '12345678901' }),
      feedRow({ policy_number: 'BAD-mbi', mbi: '1SG4-TE5-MK73' }),
      feedRow({ policy_number: 'BAD-date', effective_date: '2026-02-30' }),
      feedRow({ policy_number: 'BAD-status', status: 'lapsed' }),
      feedRow({ policy_number: 'BAD-name', first_name: '  ' }),
      feedRow({ policy_number: 'BAD-money', premium: '12.345' }),
      feedRow({ policy_number: 'BAD-renewal', renewal_date: '2025-01-01' }),
      feedRow({ policy_number: 'BAD-dob', date_of_birth: '2999-01-01' }),
      feedRow({ policy_number: 'BAD-nul', last_name: 'Ri\u0000vera' }),
      feedRow({ policy_number: 'BAD-year0', effective_date: '0000-01-01' }),
      feedRow({ policy_number: 'BAD-ok', member_relationship: 'dependent', first_name: 'Kid', date_of_birth: '2015-01-01' }),
    ];
    const csv = `${toCsv(rows)}Humana,BAD-short,aca\n`;
    const before = await outboxCount(service);
    const res = await finished(importCsv(csv));
    expect(res.body.rows).toEqual({ total: 14, valid: 2, rejected: 12 });
    expect(res.body.policies).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(res.body.rejections).toEqual([
      { row: 2, reason: 'writing_agent_npn: NPN is 1 to 10 digits' },
      { row: 3, reason: 'writing_agent_npn: NPN is 1 to 10 digits' },
      { row: 4, reason: 'mbi: MBI must be 11 characters in the CMS format (no S, L, O, I, B, Z)' },
      { row: 5, reason: 'effective_date: not a real calendar date' },
      { row: 6, reason: expect.stringMatching(/^status: /) },
      { row: 7, reason: 'first_name: is required' },
      { row: 8, reason: 'premium: amount is a non-negative number with at most 2 decimals' },
      { row: 9, reason: 'renewal_date: must not be before effective_date' },
      { row: 10, reason: 'date_of_birth: must not be in the future' },
      { row: 11, reason: 'last_name: must not contain a NUL character' },
      { row: 12, reason: 'effective_date: year must be 1800 or later' },
      { row: 14, reason: 'row has 3 fields, the header has 20' },
    ]);
    // a reason never repeats a value.
    expect(JSON.stringify(res.body)).not.toMatch(/1SG4|AB12345|2999-01-01/);

    const { db } = service.database;
    const written = await db
      .select({ n: count() })
      .from(policies)
      .where(and(eq(policies.tenantId, tenantId), sql`${policies.policyNumber} like 'BAD-%'`));
    expect(written[0]!.n).toBe(1);
    // Its staged event and one page event.
    expect(await outboxCount(service)).toBe(before + 2);
  });

  it('PS-2 rows that contradict an earlier row of the same import are rejected, so the order of rows never matters', async () => {
    const rows = [
      feedRow({ policy_number: 'DUP-1' }),
      feedRow({ policy_number: 'DUP-1', member_relationship: 'spouse', first_name: 'Jose', premium: '99.00' }), // other policy fields
      feedRow({ policy_number: 'DUP-1', first_name: 'Someone' }), // a second policyholder
      feedRow({ policy_number: 'DUP-1', member_relationship: 'dependent', first_name: 'Kid', date_of_birth: '2015-01-01' }),
      feedRow({ policy_number: 'DUP-1', member_relationship: 'dependent', first_name: 'KID ', date_of_birth: '2015-01-01', phone: '111-555-0100' }), // same person
    ];
    const res = await finished(importCsv(toCsv(rows)));
    expect(res.body.rejections).toEqual([
      { row: 2, reason: 'policy fields differ from row 1 of the same policy' },
      { row: 3, reason: 'a second policyholder for the policy (the first is in row 1)' },
      { row: 5, reason: 'the same member (name and date of birth) as row 4' },
    ]);
    expect(res.body.members.inserted).toBe(2);
  });

  it('PS-2 a policy whose rows are spread over pages is counted and changed once, and contradictions across pages are caught too', async () => {
    const rows = [
      feedRow({ policy_number: 'PAGE-1' }),
      feedRow({ policy_number: 'PAGE-2' }),
      feedRow({ policy_number: 'PAGE-1', member_relationship: 'spouse', first_name: 'Jose', date_of_birth: '1952-07-19' }),
      feedRow({ policy_number: 'PAGE-2', member_relationship: 'spouse', first_name: 'Eve', premium: '1.00' }),
      feedRow({ policy_number: 'PAGE-1', member_relationship: 'dependent', first_name: 'Jose', date_of_birth: '1952-07-19' }),
    ];
    const run = () =>
      importCarrierFeed(
        { ...service.runtime.deps, database: forTenants(service.runtime.deps.database, tenantId) },
        { tenantId, importedBy: 'fmo-admin-1', format: 'json', rows: rows.map((values, i) => ({ row: i + 1, values })) },
        { ...defaultImportLimits, pageSize: 2 },
      );
    const first = await run();
    expect(first.policies).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(first.members).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(first.rejections).toEqual([
      { row: 4, reason: 'policy fields differ from row 2 of the same policy' },
      { row: 5, reason: 'the same member (name and date of birth) as row 3' },
    ]);
    // One import, one change per policy: PAGE-1's second member (next page) adds no revision, and is
    // counted once, in the page that inserted the policy.
    const page1 = (await policyByNumber(service, tenantId, 'Humana', 'PAGE-1'))!;
    expect(page1.revision).toBe(1);
    const pageEvents = await pageEventsOf(first.importId);
    expect(pageEvents.reduce((n, e) => n + (e.data.policiesInserted as number) + (e.data.policiesUpdated as number), 0)).toBe(2);
    const before = await snapshot();
    const second = await run();
    expect(second.policies).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await snapshot()).toEqual(before);
  });

  it('PS-2 a JSON batch imports the same rows with the same rules; unknown keys reject the row', async () => {
    const rows: unknown[] = [...book('JSON'), { ...feedRow({ policy_number: 'JSON-9' }), agency: 'x' }, 'not a row'];
    const res = await finished(importJson(rows));
    expect(res.body).toMatchObject({
      rows: { total: 7, valid: 5, rejected: 2 },
      policies: { inserted: 3, updated: 0, unchanged: 0 },
      members: { inserted: 5, updated: 0, unchanged: 0 },
      rejections: [
        { row: 6, reason: 'agency: unknown field' },
        { row: 7, reason: expect.stringMatching(/^row: /) },
      ],
    });
    const [record] = await service.database.db.select().from(carrierFeedImports).where(eq(carrierFeedImports.id, res.body.importId));
    expect(record).toMatchObject({ tenantId, importedBy: 'fmo-admin-1', format: 'json', rowsTotal: 7, policiesInserted: 3 });
  });

  it('X-5 a JSON batch sent twice with the same Idempotency-Key is imported once', async () => {
    const key = `feed-${shortId()}`;
    const imports = async () =>
      (await service.database.db.select({ n: count() }).from(carrierFeedImports).where(eq(carrierFeedImports.tenantId, tenantId)))[0]!.n;
    const send = () => api().post('/carrier-feeds/json').set('authorization', `Bearer ${fmo}`).set('idempotency-key', key).send({ rows: book('IDEM') });
    const before = await imports();
    const first = await send().expect(202);
    const again = await send().expect(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await imports()).toBe(before + 1);
    await writeAll(first.body.importId); // the tenant's later imports queue behind it
  });

  it('PS-2 the import lists its first 100 rejections and says how many more there are; the rejections CSV has every one, by row number and reason, never a value', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => feedRow({ policy_number: `CAP-${i}`, writing_agent_npn: i === 7 ? '=HYPERLINK(1)' : 'X' }));
    const res = await finished(importCsv(toCsv(rows)));
    expect(res.body.rows).toEqual({ total: 1200, valid: 0, rejected: 1200 });
    expect(res.body.rejections).toHaveLength(100);
    expect(res.body.rejections.at(-1).row).toBe(100);
    expect(res.body.rejectionsOmitted).toBe(1100);
    const csv = await api().get(res.body.links.rejections).set('authorization', `Bearer ${fmo}`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('row,reason');
    expect(lines).toHaveLength(1201);
    expect(lines[1]).toBe('1,writing_agent_npn: NPN is 1 to 10 digits');
    expect(lines.at(-1)).toBe('1200,writing_agent_npn: NPN is 1 to 10 digits');
    expect(csv.text).not.toContain('HYPERLINK');
  });

  it('PS-2 the outcomes CSV gives every row its outcome (inserted, updated, unchanged, rejected) with its policy id or reason', async () => {
    const first = await finished(importCsv(toCsv(book('OUT'))));
    const changed = book('OUT');
    changed[3] = { ...changed[3]!, phone: '212-555-0177' }; // row 4: a member changes
    changed.push(feedRow({ policy_number: 'OUT-9', writing_agent_npn: 'X' })); // row 6: rejected
    changed.push(feedRow({ policy_number: 'OUT-7' })); // row 7: a new policy
    const res = await finished(importCsv(toCsv(changed)));
    const csv = await api().get(res.body.links.outcomes).set('authorization', `Bearer ${fmo}`).expect(200);
    const lines = csv.text.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(lines[0]).toEqual(['row', 'outcome', 'policyId', 'reason']);
    expect(lines.slice(1).map(([row, outcome]) => [row, outcome])).toEqual([
      ['1', 'unchanged'], ['2', 'unchanged'], ['3', 'unchanged'], ['4', 'updated'], ['5', 'unchanged'], ['6', 'rejected'], ['7', 'inserted'],
    ]);
    const p2 = (await policyByNumber(service, tenantId, 'Aetna', 'OUT-2'))!;
    expect(lines[4]![2]).toBe(p2.id);
    expect(lines[6]![3]).toBe('writing_agent_npn: NPN is 1 to 10 digits');
    expect(first.body.links.outcomes).toBe(`/carrier-feeds/${first.body.importId}/outcomes.csv`);
  });

  it('PS-2 CSV headers are matched loosely; unknown columns are ignored and listed', async () => {
    const columns = Object.keys(feedRow());
    const header = [...columns.map((c) => c.toUpperCase().replace(/_/g, ' ')), 'Agency Code'].join(',');
    const body = toCsv([feedRow({ policy_number: 'HDR-1' })]).split('\n')[1];
    const res = await finished(importCsv(`\uFEFF${header}\n${body},A1\n`));
    expect(res.body).toMatchObject({ rows: { total: 1, valid: 1, rejected: 0 }, ignoredColumns: ['agency_code'] });
  });

  it('X-4 imported members’ date of birth and MBI are encrypted at rest', async () => {
    await finished(importCsv(toCsv([feedRow({ policy_number: 'ENC-1', mbi: '3EG4TE5MK75', date_of_birth: '1949-11-23' })])));
    const raw = await service.database.sql<Record<string, unknown>[]>`
      select m.* from policy_members m join policies p on p.id = m.policy_id
      where p.tenant_id = ${tenantId} and p.policy_number = 'ENC-1'`;
    expect(raw).toHaveLength(1);
    expect(JSON.stringify(raw)).not.toMatch(/3EG4TE5MK75|1949-11-23/);
    // Staged rows are ciphertext while they wait for their page, and dropped once it is written.
    const queued = await importCsv(toCsv([feedRow({ policy_number: 'ENC-2', mbi: '4EG4TE5MK76', date_of_birth: '1948-10-22' })])).expect(202);
    const staged = await service.database.sql<{ staged: string | null }[]>`select staged from carrier_feed_import_rows where import_id = ${queued.body.importId}`;
    expect(staged).toHaveLength(1);
    expect(staged[0]!.staged).toBeTruthy();
    expect(JSON.stringify(staged)).not.toMatch(/4EG4TE5MK76|1948-10-22/);
    await writeAll(queued.body.importId);
    const [left] = await service.database.sql`select count(*)::int as n from carrier_feed_import_rows where import_id = ${queued.body.importId} and staged is not null`;
    expect(left!.n).toBe(0);
  });

  describe('X-5 a bad file gets a 4xx problem and writes nothing', () => {
    const cases: Array<[string, () => request.Test, number, string]> = [
      ['a header without required columns', () => importCsv('carrier,policy_number\nHumana,X-1\n'), 400, 'invalid-feed-header'],
      ['an empty file', () => importCsv(''), 400, 'malformed-csv'],
      [
        'a quote left open at the end (after valid rows)',
        () => importCsv(`${toCsv([feedRow({ policy_number: 'OPEN-1' })])}Humana,"OPEN-2\n`),
        400,
        'malformed-csv',
      ],
      ['a body that is not CSV', () => api().post('/carrier-feeds').set('authorization', `Bearer ${fmo}`).send({ rows: [] }), 415, 'unsupported-media-type'],
      ['a JSON batch without rows', () => importJson([]), 400, 'validation-failed'],
    ];
    for (const [what, send, status, slug] of cases) {
      it(`X-5 ${what} -> ${status}`, async () => {
        const before = await snapshot();
        const [imports] = await service.database.db.select({ n: count() }).from(carrierFeedImports);
        const res = await send();
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.type).toBe(`https://agencyflow.dev/problems/${slug}`);
        expect(await snapshot()).toEqual(before);
        const [after] = await service.database.db.select({ n: count() }).from(carrierFeedImports);
        expect(after!.n).toBe(imports!.n);
      });
    }

    it('X-5 a bad header answers 400 even while a big body is still arriving', async () => {
      const rows = Array.from({ length: 20_000 }, (_, i) => feedRow({ policy_number: `BIG-${i}` }));
      const csv = toCsv(rows).replace(/^carrier,/, 'carier,');
      expect(csv.length).toBeGreaterThan(3_000_000);
      const res = await importCsv(csv);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: 'https://agencyflow.dev/problems/invalid-feed-header', missingColumns: ['carrier'] });
    });

    for (const when of ['between pages', 'while a page is being written'] as const) {
      it(`X-5 an upload that breaks off ${when} imports nothing, not even its complete pages`, async () => {
        const server = await new Promise<http.Server>((resolve) => {
          const s = service.runtime.app.listen(0, '127.0.0.1', () => resolve(s));
        });
        try {
          const before = await snapshot();
          const [imports] = await service.database.db.select({ n: count() }).from(carrierFeedImports);
          const { port } = server.address() as AddressInfo;
          const req = http.request({
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/carrier-feeds',
            headers: { 'content-type': 'text/csv', authorization: `Bearer ${fmo}` },
          });
          req.on('error', () => {}); // we break it off ourselves
          const importsInFlight = () =>
            service.database.sql`
              select 1 from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`;
          const rows = Array.from({ length: 3_000 }, (_, i) => feedRow({ policy_number: `CUT-${i}` }));
          req.write(toCsv(rows)); // three full pages, written in the import's transaction...
          if (when === 'between pages') {
            await eventually(async () => expect(await importsInFlight()).toHaveLength(1));
            await new Promise((resolve) => setTimeout(resolve, 300));
          } else {
            await new Promise((resolve) => setTimeout(resolve, 40));
          }
          req.destroy(); // ...and then the connection is gone
          await eventually(async () => expect(await importsInFlight()).toHaveLength(0));
          expect(await snapshot()).toEqual(before);
          const [after] = await service.database.db.select({ n: count() }).from(carrierFeedImports);
          expect(after!.n).toBe(imports!.n);
          // The service is none the worse: the next import goes through.
          await finished(importCsv(toCsv([feedRow({ policy_number: `AFTER-${shortId()}` })])));
        } finally {
          await new Promise((resolve) => server.close(resolve));
        }
      });
    }

    it('X-3 importing needs carrier-feeds:import (403), reading an import of another tenant answers 404', async () => {
      const agencyAdmin = await issueToken({ tenantId, groups: ['agency-admin'] });
      const before = await snapshot();
      const res = await importCsv(toCsv([feedRow({ policy_number: 'PERM-1' })]), agencyAdmin);
      expect(res.status).toBe(403);
      expect(res.body.permission).toBe('carrier-feeds:import');
      expect(await snapshot()).toEqual(before);

      const mine = await finished(importJson([feedRow({ policy_number: 'PERM-2' })]));
      const stranger = await issueToken({ tenantId: `other-${shortId()}`, groups: ['fmo-admin'] });
      await api().get(`/carrier-feeds/${mine.body.importId}`).set('authorization', `Bearer ${stranger}`).expect(404);
    });
  });

  it('PS-2 imports are per tenant: the same file in another tenant creates that tenant’s own policies', async () => {
    const otherTenant = `fmo-${shortId()}`;
    const other = await issueToken({ tenantId: otherTenant, groups: ['fmo-admin'] });
    const csv = toCsv(book('TEN'));
    await finished(importCsv(csv));
    const res = await finished(importCsv(csv, other), other, otherTenant);
    expect(res.body.policies).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    const mine = await policyByNumber(service, tenantId, 'Humana', 'TEN-1');
    const theirs = await policyByNumber(service, otherTenant, 'Humana', 'TEN-1');
    expect(theirs!.id).not.toBe(mine!.id);
    await api().get(`/policies/${mine!.id}`).set('authorization', `Bearer ${other}`).expect(404);
    const [o] = await service.database.db.select({ n: count() }).from(outbox).where(eq(outbox.messageKey, res.body.importId));
    expect(o!.n).toBe(2); // its staged event and its one page
  });
});
