import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmsSimulator, type AmsSimulator } from '@agencyflow/ams-simulator';
import { amsInboundScheduleId } from '@agencyflow/contracts';
import { eventually, testEnvironment } from '@agencyflow/testing';
import { createTemporalClient } from '@agencyflow/temporal';
import { devCodec } from './support/workflow-worker';
import { startSystem, sharedEndpoints, type System } from '../chaos/system';
import { amsTenant } from './support/ams-sync';

/**
 * AMS sync with its processes killed (kill -9) mid-sync: the account service (whose activity
 * worker calls the AMS) and the workflow worker run as OS processes, as deployed; the AMS is the
 * simulator.
 */
describe('AMS sync survives killed workers', () => {
  let system: System;
  let simulator: AmsSimulator;
  const tenants: string[] = [];
  beforeAll(async () => {
    simulator = await startAmsSimulator();
    system = await startSystem(sharedEndpoints());
  }, 240_000);
  afterAll(async () => {
    // No inbound Schedule outlives the test.
    const temporal = await createTemporalClient({ address: testEnvironment.temporalAddress, namespace: testEnvironment.temporalNamespace, codec: devCodec() });
    await Promise.all(tenants.map((t) => temporal.client.schedule.getHandle(amsInboundScheduleId(t)).delete().catch(() => undefined)));
    await temporal.close();
    await system?.stop();
    await simulator?.stop();
  });

  it('AMS-5 the account service kill -9ed after the AMS committed an add and before the AMS id was recorded: the retried add finds that record and keeps its id, never a second one', async () => {
    const tenant = await amsTenant({ account: { url: system.accountUrl }, simulator, tenants }, 'ams360', { faults: { latencyMs: 2_000 } });
    await tenant.connect();
    const { primary } = await tenant.household(0);
    const requestId = await tenant.request('add', primary.id);
    // The lookup before the create has answered: the create is now on its way, held 2 s by the AMS.
    await eventually(async () => expect((await tenant.calls()).map((c) => `${c.method} ${c.outcome}`)).toEqual(['GET ok']), { timeoutMs: 60_000, intervalMs: 50 });
    await new Promise((r) => setTimeout(r, 400));
    await system.account.kill();
    // The AMS commits the customer; nobody is left to hear its id.
    await eventually(async () => expect((await tenant.calls()).filter((c) => c.method === 'POST').map((c) => c.outcome)).toEqual(['ok']), { timeoutMs: 10_000 });
    expect(await tenant.records()).toHaveLength(1);
    await tenant.sim(`/tenants/${tenant.tenantId}`, 'PUT', { faults: {} });
    await system.account.start();

    await tenant.finished(requestId, 120_000);
    const records = await tenant.records();
    expect(records).toHaveLength(1);
    expect(await tenant.syncState(primary.id)).toMatchObject({ state: 'synced', amsId: records[0]!.id });
    expect((await tenant.calls()).filter((c) => c.method === 'POST')).toHaveLength(1);
  }, 240_000);

  it('AMS-6 AMS-3 the workflow worker kill -9ed while accounts sync: every account finishes, primaries before secondaries, nothing twice', async () => {
    const tenant = await amsTenant({ account: { url: system.accountUrl }, simulator, tenants }, 'nowcerts', { faults: { latencyMs: 200 } });
    await tenant.connect();
    const households = [await tenant.household(2), await tenant.household(2), await tenant.household(2)];
    const ids = await Promise.all(households.map((h) => tenant.request('account', h.account.id)));
    await eventually(async () => expect((await tenant.calls()).length).toBeGreaterThan(0), { timeoutMs: 60_000, intervalMs: 50 });
    await system.worker.kill();
    await new Promise((r) => setTimeout(r, 1_000));
    await system.worker.start();
    for (const id of ids) expect((await tenant.finished(id, 120_000)).contacts.every((c) => c.state === 'synced')).toBe(true);
    const records = await tenant.records();
    expect(records).toHaveLength(9);
    // Every principal went under its insured, written before it.
    const order = new Map(records.map((r, i) => [r.id, i]));
    for (const r of records.filter((x) => x.kind === 'contact')) expect(order.get(r.parentId!)!).toBeLessThan(order.get(r.id)!);
  }, 240_000);
});
