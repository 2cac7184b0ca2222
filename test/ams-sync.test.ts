import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amsTenant, simulatorCredentials, startAmsRig, type AmsRig } from './support/ams-sync';
import { recordHistory } from './support/record-history';

/**
 * AMS contact sync over HTTP, as an agency admin drives it: the account service, its consumer and
 * activities, the account's sync workflow on the real Temporal, and the AMS played by the simulator.
 */
describe('AMS contact sync', () => {
  let rig: AmsRig;
  beforeAll(async () => {
    rig = await startAmsRig();
  });
  afterAll(() => rig?.stop());

  it('AMS-1 a tenant connects one AMS: the credentials are stored encrypted and never answered, "test connection" reads with them, a second connect replaces the first, disconnect removes it', async () => {
    const tenant = await amsTenant(rig, 'ams360');
    const connected = (await tenant.connect()).body;
    expect(connected).toMatchObject({ kind: 'ams360', baseUrl: tenant.baseUrl, credentialsStored: true });
    expect(JSON.stringify(connected)).not.toContain(simulatorCredentials.ams360);
    expect(JSON.stringify((await tenant.api('get', '/ams/connection').expect(200)).body)).not.toContain(simulatorCredentials.ams360);
    const [stored] = await rig.account.database.sql<{ credentials_enc: string }[]>`select credentials_enc from ams_connections where tenant_id = ${tenant.tenantId}`;
    expect(stored!.credentials_enc).toMatch(/^v1\./);
    expect(stored!.credentials_enc).not.toContain(simulatorCredentials.ams360);
    expect((await tenant.api('post', '/ams/connection/test').expect(200)).body).toEqual({ ok: true, message: 'Connected to ams360.' });

    await tenant.connect({ credentials: 'wrong' });
    expect((await tenant.api('post', '/ams/connection/test').expect(200)).body).toEqual({ ok: false, message: 'The AMS refused the credentials (401).' });
    const rows = await rig.account.database.sql`select 1 from ams_connections where tenant_id = ${tenant.tenantId}`;
    expect(rows).toHaveLength(1);

    await tenant.api('delete', '/ams/connection').expect(204);
    await tenant.api('get', '/ams/connection').expect(404);
    const { primary } = await tenant.household(0);
    const refused = await tenant.api('post', `/contacts/${primary.id}/ams/add`).expect(409);
    expect(refused.body.type).toContain('ams-not-connected');
  });

  it('AMS-1 HawkSoft is inbound only: an add is refused with a clear, permanent error on the contact, and nothing is written to it', async () => {
    const tenant = await amsTenant(rig, 'hawksoft');
    await tenant.connect();
    const { primary } = await tenant.household(0);
    await tenant.finished(await tenant.request('add', primary.id));
    expect(await tenant.syncState(primary.id)).toMatchObject({ state: 'failed', amsId: null, message: expect.stringContaining('HawkSoft is read-only') });
    expect(await tenant.records()).toEqual([]);
    expect((await tenant.calls()).filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('AMS-2 AMS-3 syncing a whole account writes the primary (the AMS360 customer) before its secondaries (contacts under it), keeps each AMS id, and shows the states in the contact and Account 360 views', async () => {
    const tenant = await amsTenant(rig, 'ams360');
    await tenant.connect();
    const { account, primary, secondaries } = await tenant.household(2);
    const before = (await tenant.api('get', `/accounts/${account.id}/360`).expect(200)).body;
    expect(before.contacts.map((c: { amsSync: { state: string } }) => c.amsSync.state)).toEqual(['not-synced', 'not-synced', 'not-synced']);

    const requestId = await tenant.request('account', account.id);
    const done = await tenant.finished(requestId);
    expect(done.contacts.every((c) => c.state === 'synced')).toBe(true);

    const records = await tenant.records();
    expect(records.map((r) => [r.kind, r.firstName])).toEqual([['customer', 'Maria'], ['contact', 'Kid0'], ['contact', 'Kid1']]);
    const customer = records[0]!;
    expect(records.slice(1).every((r) => r.parentId === customer.id)).toBe(true);
    expect(customer).toMatchObject({ lastName: 'Rivera', email: 'maria@example.com', phone: '5552010001', number: expect.any(Number) });
    // AMS360 takes the phone split into area code and number.
    const posted = (await tenant.calls()).filter((c) => c.method === 'POST').map((c) => c.path);
    expect(posted).toEqual(['/customers', `/customers/${customer.id}/contacts`, `/customers/${customer.id}/contacts`]);

    expect(await tenant.syncState(primary.id)).toMatchObject({ state: 'synced', amsId: customer.id, syncedAt: expect.any(String), message: null });
    const view = (await tenant.api('get', `/accounts/${account.id}/360`).expect(200)).body;
    expect(view.contacts.map((c: { amsSync: { amsId: string } }) => c.amsSync.amsId)).toEqual(records.map((r) => r.id));

    // Sync contact: the CRM's fields pushed to the linked record, no new record.
    await tenant.api('patch', `/contacts/${secondaries[0]!.id}`).send({ firstName: 'Ana' }).expect(200);
    await tenant.finished(await tenant.request('sync', secondaries[0]!.id));
    const after = await tenant.records();
    expect(after).toHaveLength(3);
    expect(after.find((r) => r.id === records[1]!.id)!.firstName).toBe('Ana');
  });

  it('AMS-3 a secondary whose primary is not synced fails with "Primary Contact not synced", not retried and never sent to the AMS; once the primary is added it syncs', async () => {
    const tenant = await amsTenant(rig, 'ams360');
    await tenant.connect();
    const { primary, secondaries } = await tenant.household(1);
    const done = await tenant.finished(await tenant.request('add', secondaries[0]!.id));
    expect(done.contacts).toEqual([expect.objectContaining({ contactId: secondaries[0]!.id, state: 'failed', message: 'Primary Contact not synced' })]);
    expect(await tenant.calls()).toEqual([]);

    await tenant.finished(await tenant.request('add', primary.id));
    await tenant.finished(await tenant.request('add', secondaries[0]!.id));
    expect(await tenant.syncState(secondaries[0]!.id)).toMatchObject({ state: 'synced', message: null });
    expect((await tenant.records()).map((r) => r.kind)).toEqual(['customer', 'contact']);
  });

  it('AMS-4 a validation error stops that contact with the AMS’s own message; a failed primary fails its secondaries with "Primary Contact not synced"; a failed secondary does not block the others', async () => {
    const tenant = await amsTenant(rig, 'nowcerts', { faults: { rules: { validEmail: true, requireLastName: true } } });
    await tenant.connect();
    const bad = await tenant.household(2, { email: 'maria+ams@example.com' });
    const failed = await tenant.finished(await tenant.request('account', bad.account.id));
    const byId = new Map(failed.contacts.map((c) => [c.contactId, c]));
    expect(byId.get(bad.primary.id)).toMatchObject({ state: 'failed', message: 'Email Address is not a valid e-mail address.' });
    for (const s of bad.secondaries) expect(byId.get(s.id)).toMatchObject({ state: 'failed', message: 'Primary Contact not synced' });
    // One attempt each: validation is not retried.
    expect((await tenant.calls()).map((c) => c.outcome)).toEqual(['validation']);

    const good = await tenant.household(2);
    await tenant.api('patch', `/contacts/${good.secondaries[0]!.id}`).send({ email: 'kid0+ams@example.com' }).expect(200);
    const mixed = await tenant.finished(await tenant.request('account', good.account.id));
    const states = new Map(mixed.contacts.map((c) => [c.contactId, c]));
    expect(states.get(good.primary.id)!.state).toBe('synced');
    expect(states.get(good.secondaries[0]!.id)).toMatchObject({ state: 'failed', message: 'Email Address is not a valid e-mail address.' });
    expect(states.get(good.secondaries[1]!.id)!.state).toBe('synced');
  });

  it('AMS-4 timeouts, reset and refused connections, 5xx and 429 are retried with backoff until the contact is synced; a 429 is retried no sooner than its Retry-After', async () => {
    const tenant = await amsTenant(rig, 'nowcerts', { script: ['server-error', 'refused', 'timeout', 'too-many-requests'], faults: { retryAfterSeconds: 2, timeoutHoldMs: 5_000 } });
    await tenant.connect();
    const { primary } = await tenant.household(0);
    const done = await tenant.finished(await tenant.request('add', primary.id));
    expect(done.contacts[0]).toMatchObject({ state: 'synced', message: null });
    const calls = await tenant.calls();
    expect(calls.map((c) => c.outcome)).toEqual(['server-error', 'refused', 'timeout', 'too-many-requests', 'ok']);
    const at = calls.map((c) => Date.parse(c.at));
    // Exponential backoff between the attempts (1 s, then 2 s; the timeout's own 2 s in between), then Retry-After: 2.
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(900);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(1_900);
    expect(at[4]! - at[3]!).toBeGreaterThanOrEqual(1_950);
    expect((await tenant.records()).map((r) => r.id)).toEqual([done.contacts[0]!.amsId]);
  });

  it('AMS-4 a real outage (connections refused) is retried until the AMS answers again', async () => {
    const tenant = await amsTenant(rig, 'qqcatalyst');
    await tenant.connect();
    const { primary } = await tenant.household(0);
    await tenant.sim('/outage', 'POST', { ms: 2_500 });
    await new Promise((r) => setTimeout(r, 100));
    const done = await tenant.finished(await tenant.request('add', primary.id));
    expect(done.contacts[0]!.state).toBe('synced');
    expect(await tenant.records()).toHaveLength(1);
  });

  it('AMS-4 a contact the AMS keeps failing fails after the bounded retry time, with the AMS’s last message', async () => {
    const slow = await startAmsRig({ AMS_RETRY_WINDOW_SECONDS: '4' });
    try {
      const tenant = await amsTenant(slow, 'ams360', { faults: { serverErrorRate: 1 } });
      await tenant.connect();
      const { primary } = await tenant.household(0);
      const done = await tenant.finished(await tenant.request('add', primary.id));
      expect(done.contacts[0]).toMatchObject({ state: 'failed', message: expect.stringMatching(/^The AMS failed \(503\): Service Unavailable\. \(gave up after retrying for 4 s\)$/) });
      expect((await tenant.calls()).length).toBeGreaterThanOrEqual(2);
    } finally {
      await slow.stop();
    }
  });

  for (const kind of ['ams360', 'qqcatalyst', 'nowcerts'] as const) {
    it(`AMS-5 ${kind}: an add whose answer is lost after the AMS committed it (commit-then-drop) is retried without a second record`, async () => {
      const tenant = await amsTenant(rig, kind);
      await tenant.connect();
      const { account, primary, secondaries } = await tenant.household(1);
      // Every write's answer is lost once: the customer's create and the contact's.
      await tenant.sim(`/tenants/${tenant.tenantId}`, 'PUT', { faults: { commitThenDropRate: 1 } });
      const dropping = tenant.request('account', account.id);
      const requestId = await dropping;
      await new Promise((r) => setTimeout(r, 1_500));
      await tenant.sim(`/tenants/${tenant.tenantId}`, 'PUT', { faults: {} });
      const done = await tenant.finished(requestId);
      expect(done.contacts.map((c) => c.state)).toEqual(['synced', 'synced']);
      const records = await tenant.records();
      expect(records).toHaveLength(2);
      expect((await tenant.calls()).some((c) => c.outcome === 'commit-then-drop')).toBe(true);
      expect(await tenant.syncState(primary.id)).toMatchObject({ amsId: records.find((r) => r.kind === 'customer')!.id });
      expect(await tenant.syncState(secondaries[0]!.id)).toMatchObject({ amsId: records.find((r) => r.kind === 'contact')!.id });
      // Adding it again finds the same record (its link), never a new one.
      await tenant.finished(await tenant.request('add', primary.id));
      expect(await tenant.records()).toHaveLength(2);
    });
  }

  it('AMS-6 five requests for one account within 100 ms queue in arrival order in its one workflow and run one at a time', async () => {
    const tenant = await amsTenant(rig, 'ams360', { faults: { latencyMs: 150 } });
    await tenant.connect();
    const { account, primary, secondaries } = await tenant.household(2);
    const asks = [['account', account.id], ['sync', primary.id], ['sync', secondaries[0]!.id], ['sync', secondaries[1]!.id], ['account', account.id]] as const;
    // All five sent in the same moment, without waiting for each other: the service decides their
    // arrival order (timers 20 ms apart ran late on a loaded machine and made the test about its timers).
    const ids = await Promise.all(asks.map(([action, id]) => tenant.request(action, id)));
    await Promise.all(ids.map((id) => tenant.finished(id)));
    expect(new Set(ids).size).toBe(5);
    // Arrival order: the order the requests' events were committed (each under the account's lock), as the outbox numbers them.
    const arrival = await rig.account.database.sql<{ id: string }[]>`
      select envelope->'data'->>'requestId' as id from outbox where envelope->>'type' = 'account.ams-sync-requested' and message_key = ${account.id} order by seq`;
    const rows = await rig.account.database.sql<{ id: string; started_at: string; finished_at: string; contact_id: string | null }[]>`
      select id, started_at, finished_at, contact_id from ams_sync_requests where account_id = ${account.id} order by started_at`;
    expect(rows.map((r) => r.id)).toEqual(arrival.map((r) => r.id));
    // One at a time: each starts after the previous one finished.
    for (let i = 1; i < rows.length; i++) expect(new Date(rows[i]!.started_at).getTime()).toBeGreaterThanOrEqual(new Date(rows[i - 1]!.finished_at).getTime());
    const records = await tenant.records();
    expect(records).toHaveLength(3);
    // The AMS saw each request's writes together, in the requests' order, never interleaved: an
    // account's request adds or writes its contacts, primary first. A contact's own sync request
    // that ran before the account's wrote nothing: a contact not in the AMS yet is refused ("add it
    // first"), and a secondary before its primary too (AMS-3: `Primary Contact not synced`).
    const amsIdOf = new Map<string, string | null>();
    for (const contact of [primary, ...secondaries]) amsIdOf.set(contact.id, (await tenant.syncState(contact.id)).amsId);
    let added = false;
    const expected = rows.flatMap((r) => {
      if (r.contact_id === null) {
        added = true;
        return [primary, ...secondaries].map((c) => amsIdOf.get(c.id));
      }
      return added ? [amsIdOf.get(r.contact_id)] : [];
    });
    expect((await tenant.calls()).filter((c) => c.method !== 'GET').map((c) => c.recordId)).toEqual(expected);
    // One workflow for the account, by its business key.
    const runs = await rig.account.runtime.deps.temporal.client.workflow.list({ query: `WorkflowId = 'ams-sync/${tenant.tenantId}/${account.id}'` });
    let count = 0;
    for await (const _ of runs) count += 1;
    expect(count).toBe(1);
    await recordHistory(`ams-sync/${tenant.tenantId}/${account.id}`, 'ams-account-sync');

    // The requests as jobs: listed newest first, two a page, filtered by account and state; the list and the get agree.
    const first = (await tenant.api('get', `/ams/sync-requests?accountId=${account.id}&state=completed&limit=2`).expect(200)).body;
    const second = (await tenant.api('get', `/ams/sync-requests?accountId=${account.id}&state=completed&limit=2&before=${first.nextBefore}`).expect(200)).body;
    const third = (await tenant.api('get', `/ams/sync-requests?accountId=${account.id}&state=completed&limit=2&before=${second.nextBefore}`).expect(200)).body;
    const listed = [...first.items, ...second.items, ...third.items] as Array<{ requestId: string; state: string; workflowId: string; requestedAt: string }>;
    // Every request once, newest request time first (the arrival order above is the order the account's
    // lock was taken in, which may differ from the request times by the moment a request waited for it).
    expect(listed.map((r) => r.requestId).sort()).toEqual(arrival.map((r) => r.id).sort());
    expect(listed.map((r) => r.requestedAt)).toEqual(listed.map((r) => r.requestedAt).sort().reverse());
    expect(third.nextBefore).toBeNull();
    const one = (await tenant.api('get', `/ams/sync-requests/${listed[0]!.requestId}`).expect(200)).body;
    expect({ ...one, contacts: undefined }).toEqual({ ...listed[0], contacts: undefined });
    expect((await tenant.api('get', `/ams/sync-requests?state=queued&accountId=${account.id}`).expect(200)).body.items).toEqual([]);
    await tenant.api('get', '/ams/sync-requests?state=lost').expect(400);
  });

  it('AMS-4 the tenant’s rate limit holds across all its accounts: many accounts synced at once get no 429 from an AMS with the same limit', async () => {
    const tenant = await amsTenant(rig, 'nowcerts', { rateLimit: 8, rateLimitPerSecond: 8 });
    await tenant.connect();
    const households = await Promise.all(Array.from({ length: 6 }, () => tenant.household(2)));
    const ids = await Promise.all(households.map((h) => tenant.request('account', h.account.id)));
    await Promise.all(ids.map((id) => tenant.finished(id, 90_000)));
    const calls = await tenant.calls();
    expect(calls.filter((c) => c.outcome === 'rate-limited')).toEqual([]);
    expect(calls).toHaveLength(18);
    const seconds = (Date.parse(calls.at(-1)!.at) - Date.parse(calls[0]!.at)) / 1000;
    expect(17 / seconds).toBeLessThanOrEqual(8 * 1.05);
  }, 120_000);
});
