import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { syncedPageColumns } from '@agencyflow/contracts';
import { copyText } from '@agencyflow/db';
import { issueToken, shortId, startTestService, type TestService } from '@agencyflow/testing';
import { accountService } from '../src';
import { applyPolicySyncPage } from '../src/policy-sync/apply-policy-sync-page';
import { accountApi } from './support';

type Api = ReturnType<typeof accountApi>;

/** YYYY-MM-DD of today (UTC) moved by whole years and days, as the service counts ages. */
function shifted(years: number, days = 0): string {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear() + years, now.getUTCMonth(), now.getUTCDate() + days));
  return date.toISOString().slice(0, 10);
}

describe('SR-1 individual advanced search over HTTP (real PostgreSQL)', () => {
  let service: TestService;
  let admin: Api; // agency-admin: accounts:edit and protected-data:view
  let agent: Api; // agency-user: accounts:view, no protected-data:view
  let otherTenant: Api;
  let noView: Api;
  const tenantId = `sr1-${shortId()}`;
  const ids: Record<string, string> = {};
  const agentId = { dana: '', lee: '' };

  const search = (api: Api, body: Record<string, unknown>) => api.raw('post', '/individuals/search').send(body);
  const count = (api: Api, criteria: Record<string, unknown>) => api.raw('post', '/individuals/search/count').send({ criteria });
  /** Every match, page after page, with the first names of each page. */
  async function allPages(api: Api, criteria: Record<string, unknown>, pageSize: number) {
    const pages: string[][] = [];
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const body = (await search(api, { criteria, pageSize, ...(after ? { after } : {}) }).expect(200)).body;
      pages.push(body.items.map((i: { firstName: string }) => i.firstName));
      seen.push(...body.items.map((i: { id: string }) => i.id));
      after = body.nextAfter ?? undefined;
    } while (after);
    return { pages, seen };
  }
  const names = async (api: Api, criteria: Record<string, unknown>) =>
    (await search(api, { criteria, pageSize: 200 }).expect(200)).body.items.map((i: { firstName: string }) => i.firstName).sort();
  const policy = (contactId: string, accountId: string, fields: Record<string, unknown>) =>
    service.database.sql`
      insert into policy_summaries (policy_id, tenant_id, revision, account_id, policyholder_contact_id, member_contact_ids, carrier, policy_number,
        coverage_type, status, effective_date, renewal_date, premium, deleted)
      values (${randomUUID()}, ${tenantId}, 1, ${accountId}, ${contactId}, ${[contactId]}::uuid[], ${String(fields.carrier ?? 'Aetna')}, ${shortId()},
        ${String(fields.coverageType ?? 'medicare-supplement')}, ${String(fields.status ?? 'active')}, ${String(fields.effectiveDate ?? '2026-01-01')},
        ${(fields.renewalDate as string | undefined) ?? null}, '100.00', ${Boolean(fields.deleted)})`;

  beforeAll(async () => {
    service = await startTestService(accountService, { prefix: `t${shortId()}.`, start: false });
    const app = service.runtime.app;
    admin = accountApi(app, await issueToken({ tenantId, groups: ['agency-admin'] }));
    agent = accountApi(app, await issueToken({ tenantId, subject: 'user-agent', groups: ['agency-user'] }));
    otherTenant = accountApi(app, await issueToken({ tenantId: `sr1-other-${shortId()}`, groups: ['agency-admin'] }));
    noView = accountApi(app, await issueToken({ tenantId, permissions: ['policies:view'] }));

    await admin.raw('post', '/custom-fields').send({ key: 'language', label: 'Language', type: 'dropdown', options: ['English', 'Spanish'] }).expect(201);
    await admin.raw('post', '/custom-fields').send({ key: 'nickname_note', label: 'Note', type: 'text' }).expect(201);
    await admin.raw('post', '/custom-fields').send({ key: 'income', label: 'Income', type: 'currency' }).expect(201);
    await admin.raw('post', '/custom-fields').send({ key: 'veteran', label: 'Veteran', type: 'checkbox' }).expect(201);
    await admin.raw('post', '/custom-fields').send({ key: 'last_review', label: 'Last review', type: 'date' }).expect(201);
    await admin.raw('post', '/custom-fields').send({ key: 'interests', label: 'Interests', type: 'checkbox-list', options: ['dental', 'vision', 'life'] }).expect(201);
    agentId.dana = (await admin.raw('post', '/servicing-agents').send({ name: 'Dana Brooks' }).expect(201)).body.id;
    agentId.lee = (await admin.raw('post', '/servicing-agents').send({ name: 'Lee Park' }).expect(201)).body.id;

    // One household per individual (each a primary), named so the order (last, first) is known.
    const people: Array<Record<string, unknown>> = [
      { firstName: 'Ann', lastName: 'Adams', state: 'FL', county: 'Miami-Dade', zip: '33101', gender: 'female', leadSource: 'Referral', servicingAgentId: 'dana',
        dateOfBirth: '1950-03-15', customFields: { language: 'Spanish', income: 52000.5, veteran: true, last_review: '2025-02-01', interests: ['dental', 'vision'], nickname_note: 'Prefers mornings' } },
      { firstName: 'Ben', lastName: 'Baker', state: 'FL', county: 'Broward', zip: '33301-1234', gender: 'male', leadSource: 'Web', servicingAgentId: 'lee',
        dateOfBirth: '1950-03-14', customFields: { language: 'English', income: 30000, veteran: false, interests: ['life'] } },
      { firstName: 'Cal', lastName: 'Clark', state: 'GA', county: 'Fulton', zip: '30301', gender: 'male', leadSource: 'referral', servicingAgentId: 'dana',
        dateOfBirth: '1950-03-20', customFields: { language: 'Spanish', income: 75000 } },
      { firstName: 'Dee', lastName: 'Davis', state: 'FL', county: 'miami-dade', zip: '33102', gender: 'female', dateOfBirth: '1950-03-21' },
      { firstName: 'Eve', lastName: 'Evans', state: 'TX', zip: '73301', gender: 'non-binary', dateOfBirth: shifted(-65) }, // 65 today
      { firstName: 'Fay', lastName: 'Evans', state: 'TX', zip: '73301', gender: 'female', dateOfBirth: shifted(-65, 1) }, // 65 tomorrow
      { firstName: 'Gus', lastName: 'Green', state: 'TX', gender: 'male', dateOfBirth: shifted(-66, 1) }, // 65, 66 tomorrow
      { firstName: 'Hal', lastName: 'Green', state: 'TX', gender: 'male', dateOfBirth: shifted(-66) }, // 66 today
      { firstName: 'Ivy', lastName: 'Hill', state: 'CA', gender: 'female' }, // no date of birth
      { firstName: 'Jon', lastName: 'Hill', state: 'CA', gender: 'male', dateOfBirth: '1950-03-16' }, // birth year erased below: written "before the migration"
    ];
    for (const person of people) {
      const account = (await admin.createAccount(`${person.lastName} household`).expect(201)).body;
      const body = { ...person, ...(person.servicingAgentId ? { servicingAgentId: agentId[person.servicingAgentId as 'dana' | 'lee'] } : {}) };
      const contact = (await admin.addContact(account.id, body).expect(201)).body;
      ids[String(person.firstName)] = contact.id;
      ids[`${person.firstName}-account`] = account.id;
    }
    await service.database.sql`update contacts set birth_year = null where id = ${ids.Jon!}`;

    // Policies (the read model of the policy service), as policyholder; Cal is a member of Ann's.
    await policy(ids.Ann!, ids['Ann-account']!, { coverageType: 'medicare-supplement', status: 'active', carrier: 'Aetna', effectiveDate: '2025-01-01', renewalDate: '2026-01-01' });
    await service.database.sql`update policy_summaries set member_contact_ids = ${[ids.Ann!, ids.Cal!]}::uuid[] where policyholder_contact_id = ${ids.Ann!}`;
    await policy(ids.Ben!, ids['Ben-account']!, { coverageType: 'medicare-advantage', status: 'cancelled', carrier: 'Humana', effectiveDate: '2024-06-01', renewalDate: '2025-06-01' });
    await policy(ids.Ben!, ids['Ben-account']!, { coverageType: 'dental', status: 'active', carrier: 'Delta', effectiveDate: '2025-03-01' });
    await policy(ids.Dee!, ids['Dee-account']!, { coverageType: 'medicare-supplement', status: 'active', carrier: 'Humana', deleted: true });
    await policy(ids.Eve!, ids['Eve-account']!, { coverageType: 'medicare-supplement', status: 'pending', carrier: 'aetna', effectiveDate: '2026-02-01' });
  });
  afterAll(async () => service?.stop());

  it('SR-1 each individual filter narrows to exactly its matches', async () => {
    expect(await names(agent, { state: ['FL'] })).toEqual(['Ann', 'Ben', 'Dee']);
    expect(await names(agent, { state: ['fl', 'GA'] })).toEqual(['Ann', 'Ben', 'Cal', 'Dee']);
    expect(await names(agent, { county: ['MIAMI-DADE'] })).toEqual(['Ann', 'Dee']);
    expect(await names(agent, { zip: ['33301', '30301'] })).toEqual(['Ben', 'Cal']); // a 5-digit zip matches a ZIP+4
    expect(await names(agent, { servicingAgentId: [agentId.dana] })).toEqual(['Ann', 'Cal']);
    expect(await names(agent, { leadSource: ['REFERRAL'] })).toEqual(['Ann', 'Cal']);
    expect(await names(agent, { gender: ['non-binary'] })).toEqual(['Eve']);
    expect(await names(agent, { status: ['prospect'] })).toHaveLength(10);
    expect(await names(agent, { status: ['active'] })).toEqual([]);
  });

  it('SR-1 custom-field filters per type: dropdown, text, currency range, checkbox, date range, checkbox list', async () => {
    expect(await names(agent, { customFields: { language: { anyOf: ['Spanish'] } } })).toEqual(['Ann', 'Cal']);
    expect(await names(agent, { customFields: { nickname_note: { equals: 'prefers MORNINGS' } } })).toEqual(['Ann']);
    expect(await names(agent, { customFields: { income: { min: 30000, max: 52000.5 } } })).toEqual(['Ann', 'Ben']);
    expect(await names(agent, { customFields: { income: { min: 60000 } } })).toEqual(['Cal']);
    expect(await names(agent, { customFields: { veteran: { equals: true } } })).toEqual(['Ann']);
    expect(await names(agent, { customFields: { veteran: { equals: false } } })).not.toContain('Ann'); // false or never ticked
    expect((await names(agent, { customFields: { veteran: { equals: false } } })).length).toBe(9);
    expect(await names(agent, { customFields: { last_review: { from: '2025-02-01', to: '2025-02-01' } } })).toEqual(['Ann']);
    expect(await names(agent, { customFields: { interests: { anyOf: ['vision', 'life'] } } })).toEqual(['Ann', 'Ben']);
  });

  it('SR-1 policy filters: coverage type, status, carrier, effective and renewal date ranges, on one policy held or shared as member', async () => {
    expect(await names(agent, { policy: { coverageType: ['medicare-supplement'] } })).toEqual(['Ann', 'Cal', 'Eve']); // Dee's is deleted
    expect(await names(agent, { policy: { status: ['cancelled'] } })).toEqual(['Ben']);
    expect(await names(agent, { policy: { carrier: ['AETNA'] } })).toEqual(['Ann', 'Cal', 'Eve']);
    expect(await names(agent, { policy: { effectiveDate: { from: '2025-01-01', to: '2025-03-01' } } })).toEqual(['Ann', 'Ben', 'Cal']);
    expect(await names(agent, { policy: { renewalDate: { to: '2025-12-31' } } })).toEqual(['Ben']);
    // One policy must meet them all: Ben's cancelled policy is Humana's, his active one Delta's.
    expect(await names(agent, { policy: { status: ['active'], carrier: ['Humana'] } })).toEqual([]);
    expect(await names(agent, { policy: { status: ['active'], carrier: ['Delta'] } })).toEqual(['Ben']);
  });

  it('SR-1 has / has no active policy', async () => {
    expect(await names(agent, { hasActivePolicy: true })).toEqual(['Ann', 'Ben', 'Cal']);
    expect(await names(agent, { hasActivePolicy: false })).toEqual(['Dee', 'Eve', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jon']);
  });

  it('SR-1 criteria combine with AND', async () => {
    expect(await names(agent, { state: ['FL'], gender: ['female'] })).toEqual(['Ann', 'Dee']);
    expect(await names(agent, { state: ['FL'], gender: ['female'], hasActivePolicy: true })).toEqual(['Ann']);
    expect(await names(agent, { customFields: { language: { anyOf: ['Spanish'] } }, policy: { coverageType: ['medicare-supplement'] }, state: ['GA'] })).toEqual(['Cal']);
    expect(await names(agent, { state: ['TX'], age: { min: 65, max: 65 }, policy: { status: ['pending'] } })).toEqual(['Eve']);
  });

  it('SR-1 date-of-birth range: inclusive bounds, exact at the day, rows without a birth year yet included', async () => {
    const criteria = { dateOfBirth: { from: '1950-03-15', to: '1950-03-20' } };
    expect(await names(agent, criteria)).toEqual(['Ann', 'Cal', 'Jon']);
    expect((await count(agent, criteria).expect(200)).body).toEqual({ count: 3 });
    expect(await names(agent, { dateOfBirth: { to: '1950-03-14' } })).toEqual(['Ben']);
    expect(await names(agent, { dateOfBirth: { from: '1950-03-21', to: '1950-12-31' } })).toEqual(['Dee']);
  });

  it('SR-1 age range counts whole years today: exact on the birthday, either side', async () => {
    expect(await names(agent, { age: { min: 65, max: 65 } })).toEqual(['Eve', 'Gus']);
    expect(await names(agent, { age: { max: 64 } })).toEqual(['Fay']);
    expect(await names(agent, { age: { min: 66, max: 70 } })).toEqual(['Hal']);
    expect((await count(agent, { age: { min: 65, max: 66 } }).expect(200)).body.count).toBe(3);
    expect((await count(agent, { age: { min: 70 } }).expect(200)).body.count).toBe(5); // Ann, Ben, Cal, Dee (1950), Jon (no year yet)
  });

  it('SR-1 keyset pages: every match once, in order, none skipped or repeated, the count exact', async () => {
    // Same last and first names: the id breaks the tie, so pages still never overlap.
    for (let i = 0; i < 7; i++) {
      const account = (await admin.createAccount(`Twin ${i}`).expect(201)).body;
      await admin.addContact(account.id, { firstName: 'Zed', lastName: 'Twin', state: 'NV', dateOfBirth: `1970-0${(i % 9) + 1}-10` }).expect(201);
    }
    const all = await allPages(agent, {}, 3);
    expect(all.seen).toHaveLength(17);
    expect(new Set(all.seen).size).toBe(17);
    expect(all.pages.slice(0, 2)).toEqual([['Ann', 'Ben', 'Cal'], ['Dee', 'Eve', 'Fay']]);
    expect((await count(agent, {}).expect(200)).body.count).toBe(17);

    const single = await allPages(agent, { state: ['NV'] }, 2);
    expect(single.pages.map((p) => p.length)).toEqual([2, 2, 2, 1]);
    expect(new Set(single.seen).size).toBe(7);
    // A date-of-birth filter drops rows after reading: pages stay whole and the cursor right.
    const dob = await allPages(agent, { dateOfBirth: { from: '1970-02-10', to: '1970-06-09' } }, 2);
    expect(dob.pages.map((p) => p.length)).toEqual([2, 2]);
    expect(new Set(dob.seen).size).toBe(4);
    expect((await count(agent, { dateOfBirth: { from: '1970-02-10', to: '1970-06-09' } }).expect(200)).body.count).toBe(4);
  });

  it('SR-1 X-4 protected fields are masked without protected-data:view and shown with it', async () => {
    await admin.patchContact(ids.Ann!, { ssn: '123-45-6789', mbi: '1EG4-TE5-MK73', driversLicenseNumber: 'D1234567' }).expect(200);
    const masked = (await search(agent, { criteria: { state: ['FL'] } }).expect(200)).body.items[0];
    expect(masked).toMatchObject({ firstName: 'Ann', ssn: '***-**-6789', dateOfBirth: '****-**-**', mbi: '*******MK73', driversLicenseNumber: '****4567' });
    const shown = (await search(admin, { criteria: { state: ['FL'] } }).expect(200)).body.items[0];
    expect(shown).toMatchObject({ firstName: 'Ann', ssn: '123-45-6789', dateOfBirth: '1950-03-15', mbi: '1EG4TE5MK73', driversLicenseNumber: 'D1234567' });
  });

  it('SR-1 CSV download: header, every match, RFC 4180 quoting, formulas neutralised, protected columns masked unless allowed', async () => {
    await admin.patchContact(ids.Ben!, { addressLine1: '=HYPERLINK("http://evil.example","click")', city: '@SUM(1,2)', nickname: '+1', title: '-cmd' }).expect(200);
    const masked = await agent.raw('post', '/individuals/search/csv').send({ criteria: { state: ['FL'] } }).expect(200);
    expect(masked.headers['content-type']).toMatch(/^text\/csv/);
    expect(masked.headers['content-disposition']).toMatch(/^attachment; filename="?individuals.csv"?$/);
    const lines = masked.text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['id', 'accountId', 'role']);
    expect(header).toContain('customFields.language');
    expect(lines).toHaveLength(5); // header, Ann, Ben, Dee, final CRLF
    expect(lines[1]).toContain('***-**-6789');
    expect(lines[1]).toContain('****-**-**');
    expect(lines[1]).not.toContain('1950-03-15');
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(lines[2]).toContain(`"'@SUM(1,2)"`);
    expect(lines[2]).toContain(",'+1,'-cmd,");
    const cells = parseCsvLine(lines[1]!);
    expect(cells[header.indexOf('customFields.interests')]).toBe('dental; vision');

    const shown = await admin.raw('post', '/individuals/search/csv').send({ criteria: { state: ['FL'] } }).expect(200);
    expect(shown.text).toContain('123-45-6789');
    expect(shown.text).toContain('1950-03-15');
  });

  it('SR-1 X-3 tenant isolation: another tenant never sees, counts or downloads this tenant’s individuals', async () => {
    expect((await search(otherTenant, { criteria: {} }).expect(200)).body).toEqual({ items: [], nextAfter: null });
    expect((await count(otherTenant, {}).expect(200)).body).toEqual({ count: 0 });
    const csv = await otherTenant.raw('post', '/individuals/search/csv').send({ criteria: {} }).expect(200);
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(1);
    // This tenant's custom field keys mean nothing there.
    await search(otherTenant, { criteria: { customFields: { language: { anyOf: ['Spanish'] } } } }).expect(400);
  });

  it('SR-1 X-3 search, count and download need accounts:view', async () => {
    await search(noView, { criteria: {} }).expect(403);
    await count(noView, {}).expect(403);
    await noView.raw('post', '/individuals/search/csv').send({ criteria: {} }).expect(403);
    await request(service.runtime.app).post('/individuals/search').send({ criteria: {} }).expect(401);
  });

  it('SR-1 X-5 bad criteria are 400 problems naming the field', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ criteria: { shoeSize: ['42'] } }, 'body.criteria'],
      [{ criteria: { dateOfBirth: { from: '0000-01-01' } } }, 'body.criteria.dateOfBirth.from'],
      [{ criteria: { dateOfBirth: { from: '1950-02-30' } } }, 'body.criteria.dateOfBirth.from'],
      [{ criteria: { dateOfBirth: { from: '1960-01-01', to: '1950-01-01' } } }, 'body.criteria.dateOfBirth.to'],
      [{ criteria: { age: { min: 70, max: 60 } } }, 'body.criteria.age.max'],
      [{ criteria: { policy: { renewalDate: { from: '2026-01-01', to: '2025-01-01' } } } }, 'body.criteria.policy.renewalDate.to'],
      [{ criteria: { policy: { coverageType: ['spaceship'] } } }, 'body.criteria.policy.coverageType.0'],
      [{ criteria: { customFields: { income: { min: 10, max: 1 } } } }, 'body.criteria.customFields.income'],
      [{ criteria: { customFields: { language: { anyOf: ['Klingon'] } } } }, 'body.criteria.customFields.language'],
      [{ criteria: { customFields: { veteran: { anyOf: ['yes'] } } } }, 'body.criteria.customFields.veteran'],
      [{ criteria: { customFields: { no_such_field: { equals: 'x' } } } }, 'body.criteria.customFields.no_such_field'],
      [{ criteria: { county: ['Mia\u0000mi'] } }, 'body.criteria.county.0'],
      [{ criteria: {}, after: 'not-a-cursor' }, 'body.after'],
      [{ criteria: {}, pageSize: 0 }, 'body.pageSize'],
    ];
    for (const [body, path] of bad) {
      const answer = await search(agent, body).expect(400);
      expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(answer.body.errors.map((e: { path: string }) => e.path).join(' '), JSON.stringify(body)).toContain(path);
    }
    await count(agent, { age: { min: -1 } }).expect(400);
    await agent.raw('post', '/individuals/search/csv').send({ criteria: { state: 'FL' } }).expect(400);
  });

  it('SR-1 the year of birth is written with every date of birth: add, change, clear, and policy sync', async () => {
    const birthYear = async (id: string) => (await service.database.sql`select birth_year from contacts where id = ${id}`)[0]!.birth_year;
    expect(await birthYear(ids.Ann!)).toBe(1950);
    await admin.patchContact(ids.Ivy!, { dateOfBirth: '1961-08-01' }).expect(200);
    expect(await birthYear(ids.Ivy!)).toBe(1961);
    await admin.patchContact(ids.Ivy!, { dateOfBirth: null }).expect(200);
    expect(await birthYear(ids.Ivy!)).toBeNull();
    const raw = (await service.database.sql`select row_to_json(c)::text as json from contacts c where id = ${ids.Ann!}`)[0]!.json;
    expect(raw).not.toContain('1950-03-15');

    // A contact created by policy sync (PS-5) gets its year from the synced ciphertext.
    const businessId = randomUUID();
    const contactId = randomUUID();
    const cipher = service.runtime.deps.fieldCipher;
    const row: Record<string, string | null> = Object.fromEntries(syncedPageColumns.map(([name]) => [name, null]));
    Object.assign(row, {
      policy_id: randomUUID(), revision: '1', carrier: 'Acme Health', policy_number: `SYNC-${shortId()}`, coverage_type: 'medicare-advantage',
      status: 'active', effective_date: '2026-01-01', premium: '10.00', account_id: randomUUID(), policyholder_contact_id: contactId,
      synced_from: randomUUID(), member_key: 'policyholder', relationship: 'policyholder', contact_id: contactId, first_name: 'Syd', last_name: 'Sync',
      date_of_birth_enc: cipher.encrypt('1949-11-02'), member_fingerprint: 'f1',
    });
    const pages = { open: async () => Readable.from([copyText([syncedPageColumns.map(([name]) => row[name] ?? null)])]) };
    await applyPolicySyncPage({ database: service.database, pages, cipher }, { businessId, runId: randomUUID(), page: 0, after: null, through: randomUUID() });
    expect(await birthYear(contactId)).toBe(1949);
  });
});

/** One CSV line (no line breaks inside) into its cells, quotes undone. */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}
