import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmsSimulator, type AmsSimulator } from '../src';

/** The simulator over real HTTP: each dialect's own shape, and the faults it injects. */
describe('the AMS simulator', () => {
  let sim: AmsSimulator;
  beforeAll(async () => {
    sim = await startAmsSimulator();
  });
  afterAll(() => sim?.stop());

  const call = (url: string, init: RequestInit & { json?: unknown } = {}) =>
    fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) }, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  const admin = (path: string, method = 'GET', json?: unknown) => call(`${sim.url}/admin${path}`, { method, json }).then((r) => r.json());

  it('AMS360: GUID CustomerId plus CustomerNumber, split phones, a contact needs an existing parent, no delete, lookup by ExternalReference', async () => {
    await admin('/tenants/a1', 'PUT', { kind: 'ams360', credentials: 'tok' });
    const base = sim.baseUrl('ams360', 'a1');
    const headers = { 'x-ams360-token': 'tok' };
    expect((await call(`${base}/ping`)).status).toBe(401);
    const created = await call(`${base}/customers`, { method: 'POST', headers, json: { FirstName: 'Ana', LastName: 'Diaz', HomePhone: { AreaCode: '555', Number: '1234567', Extension: '' }, ExternalReference: 'crm-1' } });
    expect(created.status).toBe(201);
    const { CustomerId, CustomerNumber } = (await created.json()) as { CustomerId: string; CustomerNumber: number };
    expect(CustomerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isInteger(CustomerNumber)).toBe(true);
    const found = (await (await call(`${base}/customers?ExternalReference=crm-1`, { headers })).json()) as { Customers: Array<{ HomePhone: unknown }> };
    expect(found.Customers).toHaveLength(1);
    expect(found.Customers[0]!.HomePhone).toEqual({ AreaCode: '555', Number: '1234567', Extension: '' });
    const orphan = await call(`${base}/customers/00000000-0000-4000-8000-000000000000/contacts`, { method: 'POST', headers, json: { FirstName: 'X', LastName: 'Y' } });
    expect(orphan.status).toBe(400);
    expect(((await orphan.json()) as { Message: string }).Message).toBe('CustomerId does not exist.');
    expect((await call(`${base}/customers/${CustomerId}`, { method: 'DELETE', headers })).status).toBe(405);
  });

  it('QQCatalyst integer ids and a duplicate ExternalId answered 409 with the first id; NowCerts upserts by databaseId', async () => {
    await admin('/tenants/q1', 'PUT', { kind: 'qqcatalyst', credentials: 'qq' });
    const qq = sim.baseUrl('qqcatalyst', 'q1');
    const headers = { authorization: 'Bearer qq' };
    const first = (await (await call(`${qq}/contacts`, { method: 'POST', headers, json: { FirstName: 'A', LastName: 'B', ExternalId: 'crm-9' } })).json()) as { ContactId: number };
    expect(Number.isInteger(first.ContactId)).toBe(true);
    const again = await call(`${qq}/contacts`, { method: 'POST', headers, json: { FirstName: 'A', LastName: 'B', ExternalId: 'crm-9' } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { ContactId: number }).ContactId).toBe(first.ContactId);

    await admin('/tenants/n1', 'PUT', { kind: 'nowcerts', credentials: 'nc' });
    const nc = sim.baseUrl('nowcerts', 'n1');
    const ncHeaders = { authorization: 'Bearer nc' };
    const databaseId = '11111111-2222-4333-8444-555555555555';
    for (const lastName of ['One', 'Two']) {
      expect((await call(`${nc}/InsuredAndPolicies/Insert`, { method: 'POST', headers: ncHeaders, json: { insured: { databaseId, firstName: 'N', lastName } } })).status).toBe(200);
    }
    const records = (await admin('/tenants/n1/records')) as { records: Array<{ id: string; lastName: string }> };
    expect(records.records).toEqual([expect.objectContaining({ id: databaseId, lastName: 'Two' })]);
  });

  it('HawkSoft is read-only, needs version=3.0, lists clients changed since, and answers 403 once the agency opted out', async () => {
    await admin('/tenants/h1', 'PUT', { kind: 'hawksoft', credentials: 'user:pw' });
    const hs = sim.baseUrl('hawksoft', 'h1');
    const headers = { authorization: `Basic ${Buffer.from('user:pw').toString('base64')}` };
    const client = (await admin('/tenants/h1/records', 'POST', { kind: 'customer', firstName: 'H', lastName: 'S' })) as { number: number };
    expect((await call(`${hs}/agencies/h1/clients/changed?version=3.0&asOf=2000-01-01T00:00:00Z`, { headers }).then((r) => r.json()))).toEqual([client.number]);
    expect((await call(`${hs}/agencies/h1/clients/changed`, { headers })).status).toBe(400);
    expect((await call(`${hs}/agencies/h1/clients?version=3.0`, { method: 'POST', headers, json: {} })).status).toBe(405);
    await admin('/tenants/h1', 'PUT', { optedOut: true });
    expect((await call(`${hs}/agencies?version=3.0`, { headers })).status).toBe(403);
  });

  it('faults: commit-then-drop applies the write and loses the answer, 429 carries Retry-After, the tenant rate limit answers 429, validation by field rule; the call log keeps the order', async () => {
    await admin('/tenants/f1', 'PUT', { kind: 'nowcerts', credentials: null, script: ['commit-then-drop', 'too-many-requests', 'server-error'], faults: { rules: { validEmail: true, requireLastName: true }, retryAfterSeconds: 2 } });
    const nc = sim.baseUrl('nowcerts', 'f1');
    const insert = (insured: Record<string, unknown>) => call(`${nc}/InsuredAndPolicies/Insert`, { method: 'POST', json: { insured } });
    await expect(insert({ databaseId: 'a0000000-0000-4000-8000-000000000001', firstName: 'C', lastName: 'D' })).rejects.toThrow();
    const limited = await insert({ firstName: 'C', lastName: 'D' });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
    expect((await insert({ firstName: 'C', lastName: 'D' })).status).toBe(503);
    const invalid = await insert({ firstName: 'C', lastName: 'D', eMail: 'not-an-email' });
    expect([invalid.status, ((await invalid.json()) as { Message: string }).Message]).toEqual([400, 'Email Address is not a valid e-mail address.']);
    expect(((await (await insert({ firstName: 'C' })).json()) as { Message: string }).Message).toBe('Last Name is required.');
    const { records } = (await admin('/tenants/f1/records')) as { records: Array<{ id: string }> };
    expect(records.map((r) => r.id)).toEqual(['a0000000-0000-4000-8000-000000000001']);
    const { calls } = (await admin('/calls?tenant=f1')) as { calls: Array<{ outcome: string; seq: number }> };
    expect(calls.map((c) => c.outcome)).toEqual(['commit-then-drop', 'too-many-requests', 'server-error', 'validation', 'validation']);
    expect(calls.map((c) => c.seq)).toEqual([...calls.map((c) => c.seq)].sort((a, b) => a - b));

    await admin('/tenants/r1', 'PUT', { kind: 'qqcatalyst', rateLimit: 3 });
    const statuses = await Promise.all(Array.from({ length: 5 }, () => call(`${sim.baseUrl('qqcatalyst', 'r1')}/ping`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it('an outage refuses connections for real, then the simulator answers again on the same port', async () => {
    await admin('/outage', 'POST', { ms: 300 });
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${sim.url}/admin/health`)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(`${sim.url}/admin/health`)).status).toBe(200);
  });
});
