import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contacts } from '@agencyflow/account-service/src/db/schema';
import { salesRecordRunProgressQuery, salesRecordRunWorkflowId, type SalesRecordRunProgress } from '@agencyflow/contracts';
import { eventually, issueToken, shortId } from '@agencyflow/testing';
import { recordHistory } from './support/record-history';
import { salesApi } from './support/sales-records';
import { startTestSystem, type TestSystem } from './support/system';

type Api = ReturnType<typeof salesApi>;

/** The SR-4 standard fields of one individual, every one set, protected ones included. */
const everyField = (leadSource: string) => ({
  firstName: 'Maria',
  middleName: 'Luisa',
  lastName: 'Rivera',
  nickname: 'Mari',
  title: 'Dr.',
  recordStatus: 'active',
  email: `maria.${shortId()}@example.com`,
  secondaryEmail: `m.rivera.${shortId()}@example.com`,
  cellPhone: '+1 305 555 0142',
  homePhone: '+1 305 555 0100',
  addressType: 'mailing',
  addressLine1: '12 Ocean Drive',
  city: 'Miami',
  county: 'Miami-Dade',
  zip: '33139',
  state: 'FL',
  gender: 'female',
  dateOfBirth: '1954-03-18',
  leadSource,
  mbi: '1EG4-TE5-MK73',
  medicarePartAEffectiveDate: '2019-03-01',
  medicarePartBEffectiveDate: '2019-04-01',
  ssn: '123-45-6789',
  driversLicenseNumber: 'D1234-5678',
  smokerStatus: 'non-smoker',
});

const customValues = {
  t_text: 'prefers mornings',
  t_date: '2024-05-01',
  t_drop: 'b',
  t_num: 42,
  t_cur: 19.5,
  t_pct: 12.5,
  t_chk: true,
  t_list: ['x', 'y'],
};

/**
 * Mass sales-record creation end to end (SR-2..SR-6): the account service (individuals and
 * their search), the sales service (types, runs, records) and the run workflow on the real
 * PostgreSQL, Kafka and Temporal.
 */
describe('mass sales-record runs across the account and sales services', () => {
  let system: TestSystem;
  const tenantId = `sr2-${shortId()}`;
  let admin: Api; // agency-admin: individuals:edit, sales-enablement:view, protected-data:view, protected-data:audit
  let agent: Api; // agent: individuals:edit, sales-enablement:view, no protected-data:view
  let agencyUser: Api; // agency-user: individuals:edit, no sales-enablement:view
  let typeId: string;
  let danaAgentId: string;
  /** n individuals sharing a fresh lead source: the criteria that match exactly them. */
  async function cohort(n: number, extra: Record<string, unknown> = {}) {
    const leadSource = `src-${shortId()}`;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await admin.individual({ firstName: `P${i}`, lastName: `Cohort ${leadSource}`, leadSource, ...extra }));
    return { leadSource, ids, criteria: { leadSource: [leadSource] } };
  }

  beforeAll(async () => {
    system = await startTestSystem();
    admin = salesApi(system, await issueToken({ tenantId, subject: 'admin-ann', groups: ['agency-admin'] }));
    agent = salesApi(system, await issueToken({ tenantId, subject: 'agent-al', groups: ['agent'] }));
    agencyUser = salesApi(system, await issueToken({ tenantId, subject: 'user-ulla', groups: ['agency-user'] }));
    const fields: Array<[string, string, string[]]> = [
      ['t_text', 'text', []],
      ['t_date', 'date', []],
      ['t_drop', 'dropdown', ['a', 'b']],
      ['t_num', 'number', []],
      ['t_cur', 'currency', []],
      ['t_pct', 'percent', []],
      ['t_chk', 'checkbox', []],
      ['t_list', 'checkbox-list', ['x', 'y']],
    ];
    for (const [key, type, options] of fields) await admin.account('post', '/custom-fields').send({ key, label: key, type, options }).expect(201);
    danaAgentId = (await admin.account('post', '/servicing-agents').send({ name: 'Dana Brooks', userId: 'user-dana' }).expect(201)).body.id;
    typeId = await admin.type('Annual review');
  }, 120_000);
  afterAll(async () => system?.stop());

  it('SR-4 every standard field and the carried custom fields reach the sales record; number, currency, percent, checkbox and checkbox list do not; the servicing agent’s user is the assignee; protected fields stay ciphertext (X-4)', async () => {
    const leadSource = `sr4-${shortId()}`;
    const fields = everyField(leadSource);
    const individualId = await admin.individual({ ...fields, customFields: customValues, servicingAgentId: danaAgentId });
    const runId = await admin.startRun({ criteria: { leadSource: [leadSource] }, salesRecordTypeId: typeId });
    const run = await admin.completed(runId);
    expect(run).toMatchObject({ matched: 1, created: 1, skipped: 0, failed: 0, percent: 100 });
    await recordHistory(run.workflowId, 'create-sales-records');

    const record = (await admin.records()).find((r) => r.individualId === individualId)!;
    // Each field as the account service answers it for the individual (normalised there: SSN, MBI, phones).
    const individual = (await admin.account('get', `/contacts/${individualId}`).expect(200)).body;
    const { email: _notCarried, ...carried } = fields;
    for (const field of Object.keys(carried)) {
      expect(individual[field], field).not.toBeNull();
      expect({ field, value: record[field] }).toEqual({ field, value: individual[field] });
    }
    expect(record.customFields).toEqual({ t_text: 'prefers mornings', t_date: '2024-05-01', t_drop: 'b' });
    expect(record).toMatchObject({ assigneeUserId: 'user-dana', salesRecordTypeId: typeId, runId, createdBy: 'admin-ann' });

    // X-4: the protected fields went service to service as the ciphertext they were, never in clear.
    const [contact] = await system.account.database.db.select().from(contacts).where(eq(contacts.id, individualId));
    const [stored] = await system.sales.database.sql<Record<string, string>[]>`
      select ssn_enc, date_of_birth_enc, mbi_enc, drivers_license_number_enc from sales_records where individual_id = ${individualId}`;
    expect(stored).toEqual({
      ssn_enc: contact!.ssn,
      date_of_birth_enc: contact!.dateOfBirth,
      mbi_enc: contact!.mbi,
      drivers_license_number_enc: contact!.driversLicenseNumber,
    });
    expect(JSON.stringify(stored)).not.toContain('123-45-6789');

    // Masked for a caller without protected-data:view; shown to one with it, and that view is logged (via sales.events).
    const masked = (await agent.sales('get', `/sales-records/${record.id}`).expect(200)).body;
    expect(masked).toMatchObject({ ssn: '***-**-6789', dateOfBirth: '****-**-**', firstName: 'Maria' });

    // A user's change: protected fields given in clear, stored encrypted, answered masked without protected-data:view.
    const patched = (await agent.sales('patch', `/sales-records/${record.id}`).send({ nickname: 'Mimi', ssn: '234-56-7890' }).expect(200)).body;
    expect(patched).toMatchObject({ nickname: 'Mimi', ssn: '***-**-7890', revision: 2, firstName: 'Maria' });
    await agencyUser.sales('patch', `/sales-records/${record.id}`).send({ nickname: 'Nope' }).expect(403);
    const [changed] = await system.sales.database.sql<{ ssn_enc: string }[]>`select ssn_enc from sales_records where id = ${record.id as string}`;
    expect(changed!.ssn_enc).not.toContain('234-56-7890');
    expect(changed!.ssn_enc).not.toBe(contact!.ssn);
    expect((await admin.sales('get', `/sales-records/${record.id}`).expect(200)).body.ssn).toBe('234-56-7890');
    await eventually(async () => {
      const log = (await admin.account('get', '/protected-data-access').expect(200)).body.items as Array<{ source: string; recordId: string }>;
      expect(log.some((e) => e.source === 'sales' && e.recordId === record.id)).toBe(true);
    }, { timeoutMs: 30_000, intervalMs: 250 });
  });

  it('SR-2 preview counts matched, already linked and to create; confirm needs an Idempotency-Key, both permissions and the preview’s count; the same key starts one run', async () => {
    const { criteria, ids } = await cohort(3);
    const body = { criteria, salesRecordTypeId: typeId };
    expect((await admin.preview(body).expect(200)).body).toEqual({ matched: 3, alreadyLinked: 0, toCreate: 3 });

    // 403 without sales-enablement:view: nothing started.
    await agencyUser.preview(body).expect(403);
    await agencyUser.confirm({ ...body, expectedMatched: 3 }).expect(403);
    // Idempotency-Key is required.
    await admin.confirm({ ...body, expectedMatched: 3 }, null).expect(400);
    // Criteria or a saved search, not both, not neither; bad criteria are the account service's 400.
    await admin.preview({ salesRecordTypeId: typeId }).expect(400);
    const bad = (await admin.preview({ criteria: { zip: ['1'] }, salesRecordTypeId: typeId }).expect(400)).body;
    expect(bad.errors[0].path).toContain('zip');

    // The set changed since the preview: 409 with the new numbers, nothing started.
    await admin.individual({ firstName: 'Late', lastName: 'Comer', leadSource: criteria.leadSource[0] });
    const changed = (await admin.confirm({ ...body, expectedMatched: 3 }).expect(409)).body;
    expect(changed).toMatchObject({ matched: 4, alreadyLinked: 0, toCreate: 4, expectedMatched: 3 });
    const before = (await admin.sales('get', '/sales-record-runs?limit=200').expect(200)).body.items.length;

    // An inactive type gets no run.
    const inactive = await admin.type(`Retired ${shortId()}`, false);
    await admin.preview({ criteria, salesRecordTypeId: inactive }).expect(409);
    await admin.confirm({ criteria, salesRecordTypeId: inactive, expectedMatched: 4 }).expect(409);
    expect((await admin.sales('get', '/sales-record-runs?limit=200').expect(200)).body.items).toHaveLength(before);

    // The same key twice: one run, one workflow.
    const key = `same-${shortId()}`;
    const first = (await admin.confirm({ ...body, expectedMatched: 4 }, key).expect(202)).body;
    const second = await admin.confirm({ ...body, expectedMatched: 4 }, key).expect(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.runId).toBe(first.runId);
    expect(first.workflowId).toBe(salesRecordRunWorkflowId(tenantId, first.runId));
    expect(first.links.self).toBe(`/sales-record-runs/${first.runId}`);
    const run = await admin.completed(first.runId);
    expect(run).toMatchObject({ matched: 4, created: 4, skipped: 0, failed: 0 });
    expect((await admin.sales('get', '/sales-record-runs?limit=200').expect(200)).body.items).toHaveLength(before + 1);
    const records = (await admin.records()).filter((r) => [...ids].includes(r.individualId as string));
    expect(records).toHaveLength(3);
  });

  it('SR-3 SR-6 a second run skips every individual already linked; the run records who, when, what, the type and its counts; both CSVs are streamed with formulas neutralised', async () => {
    const { criteria, ids, leadSource } = await cohort(3);
    const dangerous = await admin.individual({ firstName: '=HYPERLINK("http://x")', lastName: 'Formula', leadSource });
    const body = { criteria, salesRecordTypeId: typeId };
    const firstRun = await admin.startRun(body);
    expect(await admin.completed(firstRun)).toMatchObject({ matched: 4, created: 4 });

    const newcomer = await admin.individual({ firstName: 'New', lastName: 'Comer', leadSource });
    expect((await admin.preview(body).expect(200)).body).toEqual({ matched: 5, alreadyLinked: 4, toCreate: 1 });
    const secondRun = await admin.startRun(body);
    const run = await admin.completed(secondRun);
    expect(run).toMatchObject({
      state: 'completed',
      matched: 5,
      created: 1,
      skipped: 4,
      failed: 0,
      percent: 100,
      estimatedSecondsLeft: 0,
      requestedBy: 'admin-ann',
      criteria,
      savedSearch: null,
      salesRecordType: { id: typeId, name: 'Annual review' },
    });
    expect(Date.parse(run.requestedAt as string)).not.toBeNaN();
    const mine = (await admin.records()).filter((r) => r.individualId && [...ids, dangerous, newcomer].includes(r.individualId as string));
    expect(mine).toHaveLength(5);

    const outcomes = await admin.csv(secondRun, 'outcomes');
    const lines = outcomes.trim().split('\r\n');
    expect(lines[0]).toBe('individualId,outcome,salesRecordId');
    expect(lines).toHaveLength(6);
    expect(lines.filter((l) => l.includes(',skipped: already linked,'))).toHaveLength(4);
    expect(lines.find((l) => l.startsWith(newcomer))).toContain(',created,');
    const individuals = await admin.csv(firstRun, 'individuals');
    expect(individuals).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(individuals).not.toMatch(/(^|,)=HYPERLINK/m);
    await admin.sales('get', `/sales-record-runs/${firstRun}/outcomes.csv`).expect(200);
    await admin.sales('get', '/sales-record-runs/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('SR-6 individuals.csv names every individual of a run while its pages are not decided yet (names from the account service)', async () => {
    const { criteria, ids, leadSource } = await cohort(3);
    await system.workflows.halt();
    let runId: string;
    try {
      runId = await admin.startRun({ criteria, salesRecordTypeId: typeId });
      const lines = (await admin.csv(runId, 'individuals')).trim().split('\r\n').slice(1);
      expect(lines.map((l) => l.split(',')[0]).sort()).toEqual([...ids].sort());
      for (const [i, id] of ids.entries()) expect(lines).toContain(`${id},P${i},Cohort ${leadSource},`);
    } finally {
      await system.workflows.resume();
    }
    await admin.completed(runId);
  });

  it('SR-2 a date-of-birth criterion is matched exactly (birth year narrowed in SQL, the encrypted date checked in the account service)', async () => {
    const leadSource = `dob-${shortId()}`;
    const inside = [await admin.individual({ firstName: 'In', lastName: 'June', leadSource, dateOfBirth: '1950-06-15' }), await admin.individual({ firstName: 'In', lastName: 'Dec', leadSource, dateOfBirth: '1950-12-31' })];
    await admin.individual({ firstName: 'Out', lastName: 'Early', leadSource, dateOfBirth: '1950-06-14' });
    await admin.individual({ firstName: 'Out', lastName: 'Late', leadSource, dateOfBirth: '1951-01-01' });
    const body = { criteria: { leadSource: [leadSource], dateOfBirth: { from: '1950-06-15', to: '1950-12-31' } }, salesRecordTypeId: typeId };
    expect((await admin.preview(body).expect(200)).body).toEqual({ matched: 2, alreadyLinked: 0, toCreate: 2 });
    const run = await admin.completed(await admin.startRun(body));
    expect(run).toMatchObject({ matched: 2, created: 2 });
    const included = (await admin.csv(run.id, 'individuals')).trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);
    expect(included.sort()).toEqual([...inside].sort());
  });

  it('SR-2 SR-6 a run from a saved search records the search’s id and its name at the time', async () => {
    const { criteria } = await cohort(2);
    const saved = (await admin.account('post', '/saved-searches').send({ name: `Cohort ${shortId()}`, criteria }).expect(201)).body;
    const runId = await admin.startRun({ savedSearchId: saved.id, salesRecordTypeId: typeId });
    const run = await admin.completed(runId);
    expect(run).toMatchObject({ matched: 2, created: 2, criteria: null, savedSearch: { id: saved.id, name: saved.name } });
    await admin.preview({ savedSearchId: '00000000-0000-4000-8000-000000000000', salesRecordTypeId: typeId }).expect(404);
  });

  it('SR-3 two concurrent overlapping runs create no duplicate: every individual gets exactly one record', async () => {
    const shared = await cohort(30);
    const onlyB = await admin.individual({ firstName: 'Only', lastName: 'B', leadSource: `${shared.leadSource}-b` });
    const a = { criteria: shared.criteria, salesRecordTypeId: typeId, pageSize: 4 };
    const b = { criteria: { leadSource: [shared.leadSource, `${shared.leadSource}-b`] }, salesRecordTypeId: typeId, pageSize: 3 };
    const [runA, runB] = await Promise.all([admin.startRun(a), admin.startRun(b)]);
    const [doneA, doneB] = await Promise.all([admin.completed(runA), admin.completed(runB)]);
    expect(doneA.created + doneB.created).toBe(31);
    expect(doneA.created + doneA.skipped).toBe(30);
    expect(doneB.created + doneB.skipped).toBe(31);
    const linked = await system.sales.database.sql<{ individual_id: string; n: number }[]>`
      select individual_id, count(*)::int as n from sales_records where individual_id = any(${[...shared.ids, onlyB]}::uuid[]) group by individual_id`;
    expect(linked).toHaveLength(31);
    expect(linked.every((r) => r.n === 1)).toBe(true);
  });

  it('SR-2 a cancel sent from Temporal (UI or CLI) does not stop a run: it finishes every page', async () => {
    const { criteria, ids } = await cohort(12);
    const runId = await admin.startRun({ criteria, salesRecordTypeId: typeId, pageSize: 2 });
    const handle = system.sales.runtime.deps.temporal.client.workflow.getHandle(salesRecordRunWorkflowId(tenantId, runId));
    await handle.cancel();
    await handle.result();
    const described = await handle.describe();
    expect(described.status.name).toBe('COMPLETED');
    const progress = await handle.query<SalesRecordRunProgress>(salesRecordRunProgressQuery);
    expect(progress).toMatchObject({ done: true, matched: 12, totals: { processed: 12, created: 12 } });
    const run = await admin.completed(runId);
    expect(run).toMatchObject({ matched: 12, created: 12, skipped: 0, failed: 0 });
    const history = await handle.fetchHistory();
    expect(history.events?.some((e) => e.workflowExecutionCancelRequestedEventAttributes)).toBe(true);
    const linked = await system.sales.database.sql`select 1 from sales_records where individual_id = any(${ids}::uuid[])`;
    expect(linked).toHaveLength(12);
    await recordHistory(handle.workflowId, 'create-sales-records-cancel-ignored');

    // Progress as the Temporal UI shows it (current details), and nothing protected where Temporal keeps it in clear.
    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toBe('Completed: 12 of 12 individuals (100%): 12 created, 0 skipped (already linked), 0 failed');
    // Kind, phase and counts as typed search attributes (one filter in the UI): ids and numbers only.
    const finished = await handle.describe();
    expect(finished.searchAttributes).toMatchObject({ TenantId: [tenantId], RunKind: ['sales-record-run'], RunPhase: ['completed'], RowsTotal: [12], RowsDone: [12], RowsFailed: [0] });
    expect(Object.keys(finished.searchAttributes).sort()).toEqual(['BuildIds', 'RowsDone', 'RowsFailed', 'RowsTotal', 'RunKind', 'RunPhase', 'TemporalChangeVersion', 'TenantId']);
    expect(described.memo ?? {}).toEqual({});
    expect(`${handle.workflowId} ${JSON.stringify(described.searchAttributes)} ${await described.staticSummary()}`).not.toMatch(/Cohort|P\d|src-/);
  });

  it('SR-6 an individual deleted after the confirm fails with its reason; the others of its page are created, and the outcomes CSV tells each one', async () => {
    const { criteria, ids } = await cohort(3);
    await system.workflows.halt();
    let runId: string;
    try {
      runId = await admin.startRun({ criteria, salesRecordTypeId: typeId, pageSize: 2 });
      await admin.account('delete', `/contacts/${ids[1]}?confirm=true`).expect(200);
    } finally {
      await system.workflows.resume();
    }
    const run = await admin.completed(runId, 60_000);
    expect(run).toMatchObject({ matched: 3, created: 2, skipped: 0, failed: 1 });
    const lines = (await admin.csv(runId, 'outcomes')).trim().split('\r\n').slice(1);
    const outcomeOf = (id: string) => lines.find((line) => line.startsWith(id))!.split(',');
    expect(outcomeOf(ids[1]!)).toEqual([ids[1], 'failed: individual not found (deleted since the run was confirmed)', '']);
    for (const id of [ids[0]!, ids[2]!]) expect(outcomeOf(id)).toEqual([id, 'created', expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    const [linked] = await system.sales.database.sql<{ n: number }[]>`select count(*)::int as n from sales_records where individual_id = any(${ids}::uuid[])`;
    expect(linked!.n).toBe(2);
  });

  it('X-6 SR-3 the workflow worker and the sales service stopped mid-run and restarted: no duplicate and nothing missing', async () => {
    const { criteria, ids } = await cohort(40);
    const runId = await admin.startRun({ criteria, salesRecordTypeId: typeId, pageSize: 2 });
    const handle = system.account.runtime.deps.temporal.client.workflow.getHandle(salesRecordRunWorkflowId(tenantId, runId));
    await eventually(async () => {
      const progress = await handle.query<SalesRecordRunProgress>(salesRecordRunProgressQuery);
      expect(progress.totals.pages).toBeGreaterThanOrEqual(3);
    }, { timeoutMs: 60_000, intervalMs: 20 });
    await Promise.all([system.workflows.halt(), system.sales.halt()]);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await system.sales.resume();
    await system.workflows.resume();
    const run = await admin.completed(runId, 120_000);
    expect(run).toMatchObject({ matched: 40, created: 40, skipped: 0, failed: 0 });
    const linked = await system.sales.database.sql<{ n: number }[]>`
      select count(*)::int as n from sales_records where individual_id = any(${ids}::uuid[])`;
    expect(linked[0]!.n).toBe(40);
    const [mine] = await system.sales.database.sql<{ n: number }[]>`
      select count(*)::int as n from sales_records where run_id = ${runId} and individual_id = any(${ids}::uuid[])`;
    expect(mine!.n).toBe(40);
    // Each individual's outcome, as the outcomes CSV tells it: created, once each, with its record.
    const outcomes = (await admin.csv(runId, 'outcomes')).trim().split('\r\n').slice(1).map((line) => line.split(','));
    expect(outcomes).toHaveLength(40);
    expect(new Set(outcomes.map(([individual]) => individual))).toEqual(new Set(ids));
    for (const [, outcome, record] of outcomes) {
      expect(outcome).toBe('created');
      expect(record).toMatch(/^[0-9a-f-]{36}$/);
    }
    const [pages] = await system.sales.database.sql<{ n: number; processed: number }[]>`
      select count(*)::int as n, sum(processed)::int as processed from sales_record_run_pages where run_id = ${runId}`;
    expect(pages).toEqual({ n: 20, processed: 40 });
    // A page's records share one created_at: paging by 7 still lists each exactly once.
    const listed = (await admin.records(7)).map((r) => r.individualId).filter((id) => ids.includes(id as string));
    expect(listed).toHaveLength(40);
    expect(new Set(listed).size).toBe(40);
    const runs: string[] = [];
    let before: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextBefore: string | null } = (
        await admin.sales('get', `/sales-record-runs?limit=2${before ? `&before=${before}` : ''}`).expect(200)
      ).body;
      runs.push(...page.items.map((r) => r.id));
      before = page.nextBefore;
    } while (before);
    expect(runs).toEqual((await admin.sales('get', '/sales-record-runs?limit=200').expect(200)).body.items.map((r: { id: string }) => r.id));
    expect(runs).toContain(runId);
  }, 180_000);
});
