import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amsInboundScheduleId, type AmsInboundPollResult } from '@agencyflow/contracts';
import type { AmsRecord } from '@agencyflow/ams-simulator';
import { eventually } from '@agencyflow/testing';
import { amsTenant, startAmsRig, type AmsRig, type AmsTenant } from './support/ams-sync';

/**
 * AMS-7 inbound: each connected tenant's Temporal Schedule polls its AMS (the simulator) for
 * changes; here a test triggers the tenant's Schedule instead of waiting for its interval and
 * reads the poll workflow's result.
 */
describe('AMS inbound sync', () => {
  let rig: AmsRig;
  beforeAll(async () => {
    // Every third second a poll also reconciles (reads everything): the reconciliation test waits for it.
    rig = await startAmsRig({ AMS_RECONCILE_EVERY_SECONDS: '3' });
  });
  afterAll(() => rig?.stop());

  /** Runs the tenant's Schedule now and answers that poll's result. */
  async function pollNow(tenant: AmsTenant): Promise<AmsInboundPollResult> {
    const { client } = rig.account.runtime.deps.temporal;
    const schedule = client.schedule.getHandle(amsInboundScheduleId(tenant.tenantId));
    const before = (await schedule.describe()).info.recentActions.length;
    await schedule.trigger();
    const action = await eventually(async () => {
      const recent = (await schedule.describe()).info.recentActions;
      expect(recent.length).toBeGreaterThan(before);
      return recent.at(-1)!.action;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    return client.workflow.getHandle(action.workflow.workflowId, action.workflow.firstExecutionRunId).result();
  }

  async function syncedHousehold(tenant: AmsTenant, secondaries = 1) {
    const household = await tenant.household(secondaries);
    await tenant.finished(await tenant.request('account', household.account.id));
    const customer = (await tenant.records()).find((r) => r.kind === 'customer')!;
    return { ...household, customer };
  }
  const contactsOf = async (tenant: AmsTenant, accountId: string) =>
    (await tenant.api('get', `/accounts/${accountId}/360`).expect(200)).body.contacts as Array<{ id: string; firstName: string; status: string; source: string; amsSync: { state: string; amsId: string } }>;

  it('AMS-7 an outbound sync does not come back as an inbound change: the poll finds only what it wrote, and changes nothing', async () => {
    const tenant = await amsTenant(rig, 'ams360');
    await tenant.connect();
    const { account } = await syncedHousehold(tenant, 2);
    const result = await pollNow(tenant);
    expect(result).toMatchObject({ accountsCreated: 0, accountStatusesChanged: 0, contactsCreated: 0, contactsUpdated: 0, unchanged: 3 });
    // The AMS holds the prospect as active (it knows no prospects); the CRM keeps it a prospect.
    expect((await tenant.api('get', `/accounts/${account.id}`).expect(200)).body.status).toBe('prospect');
    expect(await contactsOf(tenant, account.id)).toHaveLength(3);
  });

  it('AMS-7 ACC-8 a contact added in the AMS appears in its CRM account with the account’s status, linked to its AMS record', async () => {
    const tenant = await amsTenant(rig, 'ams360');
    await tenant.connect();
    const { account, customer } = await syncedHousehold(tenant);
    await tenant.api('patch', `/accounts/${account.id}`).send({ status: 'inactive' }).expect(200);
    const added = (await tenant.sim(`/tenants/${tenant.tenantId}/records`, 'POST', { kind: 'contact', parentId: customer.id, firstName: 'Nina', lastName: 'Rivera', email: 'nina@example.com' })) as AmsRecord;

    expect(await pollNow(tenant)).toMatchObject({ contactsCreated: 1 });
    const nina = (await contactsOf(tenant, account.id)).find((c) => c.firstName === 'Nina');
    expect(nina).toMatchObject({ status: 'inactive', source: 'ams', amsSync: { state: 'synced', amsId: added.id } });
    // Polling again adds nothing: the record is linked.
    expect(await pollNow(tenant)).toMatchObject({ contactsCreated: 0 });
    expect(await contactsOf(tenant, account.id)).toHaveLength(3);
  });

  it('AMS-7 ACC-8 an account status changed in the AMS is reflected in the CRM and cascades to all its contacts', async () => {
    const tenant = await amsTenant(rig, 'ams360');
    await tenant.connect();
    const { account, customer } = await syncedHousehold(tenant, 2);
    await tenant.sim(`/tenants/${tenant.tenantId}/records/${customer.id}`, 'PATCH', { active: false });

    expect(await pollNow(tenant)).toMatchObject({ accountStatusesChanged: 1 });
    expect((await tenant.api('get', `/accounts/${account.id}`).expect(200)).body.status).toBe('inactive');
    expect((await contactsOf(tenant, account.id)).map((c) => c.status)).toEqual(['inactive', 'inactive', 'inactive']);
    const [event] = await rig.account.database.sql<{ cause: string }[]>`
      select envelope->'data'->>'cause' as cause from outbox where envelope->>'type' = 'account.account-status-changed' and message_key = ${account.id} order by seq`;
    expect(event).toEqual({ cause: 'ams' });

    await tenant.sim(`/tenants/${tenant.tenantId}/records/${customer.id}`, 'PATCH', { active: true });
    await pollNow(tenant);
    expect((await contactsOf(tenant, account.id)).map((c) => c.status)).toEqual(['active', 'active', 'active']);
  });

  it('AMS-7 a customer added in the AMS becomes an account with its person as primary contact, and its contacts join it', async () => {
    const tenant = await amsTenant(rig, 'nowcerts');
    await tenant.connect();
    const insured = (await tenant.sim(`/tenants/${tenant.tenantId}/records`, 'POST', { kind: 'customer', firstName: 'Omar', lastName: 'Haddad', active: true })) as AmsRecord;
    await tenant.sim(`/tenants/${tenant.tenantId}/records`, 'POST', { kind: 'contact', parentId: insured.id, firstName: 'Lina', lastName: 'Haddad' });
    expect(await pollNow(tenant)).toMatchObject({ accountsCreated: 1, contactsCreated: 2 });
    const [link] = await rig.account.database.sql<{ account_id: string }[]>`select account_id from ams_account_links where tenant_id = ${tenant.tenantId} and ams_id = ${insured.id}`;
    const contacts = await contactsOf(tenant, link!.account_id);
    expect(contacts.map((c) => [c.firstName, c.status])).toEqual([['Omar', 'active'], ['Lina', 'active']]);
    expect((await tenant.api('get', `/accounts/${link!.account_id}`).expect(200)).body.status).toBe('active');
  });

  it('AMS-7 reconciliation finds a record the changed-since poll missed', async () => {
    const tenant = await amsTenant(rig, 'qqcatalyst');
    await tenant.connect();
    const { account, customer } = await syncedHousehold(tenant, 0);
    await new Promise((r) => setTimeout(r, 3_100));
    expect((await pollNow(tenant)).reconciled).toBe(true);
    // A record whose change notice never came: its modification time is before the poll's cursor.
    await tenant.sim(`/tenants/${tenant.tenantId}/records`, 'POST', { kind: 'contact', parentId: customer.id, firstName: 'Missed', lastName: 'Rivera', modified: '2001-01-01T00:00:00.000Z' });
    const incremental = await pollNow(tenant);
    expect(incremental).toMatchObject({ reconciled: false, contactsCreated: 0 });
    expect(await contactsOf(tenant, account.id)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 3_100));
    expect(await pollNow(tenant)).toMatchObject({ reconciled: true, contactsCreated: 1 });
    expect((await contactsOf(tenant, account.id)).map((c) => c.firstName)).toEqual(['Maria', 'Missed']);
  });

  it('AMS-7 HawkSoft: clients changed since the last poll come in; a 403 (the agency opted out) stops the tenant’s inbound sync and says why', async () => {
    const tenant = await amsTenant(rig, 'hawksoft');
    await tenant.connect();
    await tenant.sim(`/tenants/${tenant.tenantId}/records`, 'POST', { kind: 'customer', firstName: 'Hana', lastName: 'Sato', active: true });
    expect(await pollNow(tenant)).toMatchObject({ accountsCreated: 1, contactsCreated: 1 });

    await tenant.sim(`/tenants/${tenant.tenantId}`, 'PUT', { optedOut: true });
    expect(await pollNow(tenant)).toMatchObject({ accountsCreated: 0 });
    const connection = (await tenant.api('get', '/ams/connection').expect(200)).body;
    expect(connection.inboundStoppedReason).toBe('The AMS refused access (403): The agency has not granted access to this partner.');
    const callsBefore = (await tenant.calls()).length;
    await pollNow(tenant);
    expect((await tenant.calls()).length).toBe(callsBefore);
  });
});
