import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { policySyncProgressQuery, policySyncWorkflowId, type PolicySyncProgress } from '@agencyflow/contracts';
import { contacts } from '@agencyflow/account-service/src/db/schema';
import { eventually, issueToken, shortId } from '@agencyflow/testing';
import { startTestSystem, type TestSystem } from './support/system';
import { agentCrmApi, businessReader } from './support/agent-crm';
import { bookRows, importBook } from './support/fmo-book';

/** long-running work survives restarts of the workers and services: nothing lost, nothing twice. */
describe('policy sync across a worker and service restart', () => {
  let system: TestSystem;
  const fmo = `fmo-${shortId()}`;
  const npn = `8${shortId().replace(/\D/g, '').padEnd(7, '3').slice(0, 7)}`;

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => system?.stop());

  it('X-6 PS-6 workers stopped mid-sync and restarted: the sync finishes with no duplicate and nothing missing', async () => {
    const fmoToken = await issueToken({ tenantId: fmo, groups: ['fmo-admin'] });
    const book = bookRows([{ npn, policies: 240, spouseEvery: 4 }]);
    await importBook(system.policy.url, fmoToken, book);
    const api = agentCrmApi(system, fmoToken);
    const { businessId } = (
      await api.provision({ name: 'Crash Test Agency', kind: 'agent', users: [{ name: 'Cr', email: `cr.${shortId()}@x.example`, npn }], policySyncEnabled: true, pageSize: 8 }).expect(202)
    ).body;

    // The sales service stays up: its Temporal client watches while the others restart.
    const client = system.sales.runtime.deps.temporal.client;
    const sync = client.workflow.getHandle(policySyncWorkflowId(businessId));
    await eventually(async () => {
      const progress = await sync.query<PolicySyncProgress>(policySyncProgressQuery);
      expect(progress.totals.pages).toBeGreaterThanOrEqual(3);
    }, { timeoutMs: 60_000, intervalMs: 50 });

    // Everything that runs the sync goes down in the middle of it...
    await Promise.all([system.workflows.halt(), system.account.halt(), system.policy.halt()]);
    const paused = await sync.describe();
    expect(paused.status.name).toBe('RUNNING');
    // ...and comes back as new processes.
    await Promise.all([system.account.resume(), system.policy.resume()]);
    await system.workflows.resume();

    const done = await agentCrmApi(system, fmoToken).settled(businessId, { timeoutMs: 120_000 });
    expect(done.report).toMatchObject({ policies: 240, policiesInserted: 240, policiesUpdated: 0, members: book.length });
    expect(done.report.pages).toBe(30);

    const reader = businessReader(system, await issueToken({ tenantId: businessId, groups: ['agency-admin'] }));
    const policies = await reader.policies();
    expect(policies).toHaveLength(240);
    expect(new Set(policies.map((p) => p.policyNumber)).size).toBe(240);
    const [contactRows] = await system.account.database.db.select({ n: count() }).from(contacts).where(eq(contacts.tenantId, businessId));
    expect(contactRows!.n).toBe(book.length);
  }, 180_000);
});
