import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  policySyncWorkflowId,
  policySyncWorkflowName,
  resyncRequestedSignal,
  taskQueues,
  type AgentCrmAccountActivities,
  type AgentCrmPolicyActivities,
  type PolicySyncInput,
  type PolicySyncReport,
} from '@agencyflow/contracts';
import { connectWorker, createActivityWorker, createTemporalClient, type TemporalClient } from '@agencyflow/temporal';
import { eventually, shortId, testEnvironment } from '@agencyflow/testing';
import { devCodec, startWorkflowWorker } from './support/workflow-worker';

/**
 * PS-8 on the real Temporal server with the real workflow code: a re-sync asked for while a run is
 * reading its scope (the business's NPNs) must not be lost, and the signal that starts a run must
 * not make it run twice. The services' activities are stood in for: what is proven here is the
 * workflow's handling of signals; the e2e tests prove what the activities write.
 */
describe('policy sync signals', () => {
  const prefix = `t${shortId()}.`;
  const queues = taskQueues(prefix);
  let temporal: TemporalClient;
  let stopAll: () => Promise<void>;
  /** Per business: the NPNs each scope read returned, and a gate the first read waits at. */
  const businesses = new Map<string, { reads: string[][]; npns: string[]; gate: Promise<void>; open: () => void }>();

  const account: AgentCrmAccountActivities = {
    createBusiness: async () => ({ created: true }),
    deleteBusiness: async () => {},
    activateBusiness: async () => {},
    async getPolicySyncScope({ businessId }) {
      const b = businesses.get(businessId)!;
      const npns = [...b.npns];
      b.reads.push(npns);
      if (b.reads.length === 1) await b.gate;
      return { enabled: true, fmoTenantId: 'fmo-signals', npns };
    },
    applyPolicySyncPage: async () => ({ accountsCreated: 0, contactsCreated: 0, contactsUpdated: 0, membersWithoutEmail: 0 }),
    countSyncedContacts: async () => ({ contacts: 0, contactsWithoutEmail: 0 }),
    recordPolicySyncRun: async () => {},
  };
  const policy: Pick<AgentCrmPolicyActivities, 'copyPolicyPage'> = {
    copyPolicyPage: async () => ({ policies: 0, inserted: 0, updated: 0, unchanged: 0, members: 0, perNpn: {}, through: null, nextCursor: null }),
  };

  beforeAll(async () => {
    const workflows = await startWorkflowWorker(prefix);
    const connection = await connectWorker(testEnvironment.temporalAddress);
    const workers = await Promise.all(
      [
        { taskQueue: queues.account, activities: account },
        { taskQueue: queues.policy, activities: policy },
      ].map((w) => createActivityWorker({ connection, namespace: testEnvironment.temporalNamespace, codec: devCodec(), ...w })),
    );
    const running = workers.map((w) => w.run());
    temporal = await createTemporalClient({ address: testEnvironment.temporalAddress, namespace: testEnvironment.temporalNamespace, codec: devCodec() });
    stopAll = async () => {
      for (const w of workers) w.shutdown();
      await Promise.all(running);
      await connection.close();
      await workflows.stop();
      await temporal.close();
    };
  });
  afterAll(() => stopAll?.());

  /** Starts (or signals) the business's sync as the account service does: signal-with-start. */
  function requestSync(businessId: string) {
    const input: PolicySyncInput = { businessId, trigger: 'resync', requestedBy: 'signals-test' };
    return temporal.client.workflow.signalWithStart(policySyncWorkflowName, {
      workflowId: policySyncWorkflowId(businessId),
      taskQueue: queues.workflows,
      args: [input],
      signal: resyncRequestedSignal,
    });
  }

  function business(npns: string[]) {
    const id = randomUUID();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    businesses.set(id, { reads: [], npns, gate, open });
    return { id, state: businesses.get(id)! };
  }

  it('PS-8 a re-sync asked for while the run reads its scope runs once more, with the NPNs as they are now', async () => {
    const { id, state } = business(['1110001']);
    const handle = await requestSync(id);
    await eventually(() => expect(state.reads).toHaveLength(1));
    // An agent is added meanwhile; the account service asks for a re-sync.
    state.npns.push('2220002');
    await requestSync(id);
    state.open();

    const final = (await handle.result()) as PolicySyncReport;
    expect(state.reads).toEqual([['1110001'], ['1110001', '2220002']]);
    expect(final.npns).toEqual(['1110001', '2220002']);
  });

  it('PS-8 the signal that starts a run does not make it run twice', async () => {
    const { id, state } = business(['3330003']);
    state.open();
    const handle = await requestSync(id);
    await handle.result();
    expect(state.reads).toEqual([['3330003']]);
  });
});
