import request from 'supertest';
import { eventually } from '@agencyflow/testing';
import type { TestSystem } from './system';

/** The FMO admin's view of the Agent CRM API (account service) and the preview (policy service). */
export function agentCrmApi(system: TestSystem, token: string) {
  const auth = (r: request.Test) => r.set('authorization', `Bearer ${token}`);
  const api = {
    preview: (npns: string[]) => auth(request(system.policy.url).post('/agent-crm/preview')).send({ npns }),
    provision: (body: Record<string, unknown>, key?: string) => {
      const r = auth(request(system.account.url).post('/agent-crm/businesses'));
      return (key ? r.set('idempotency-key', key) : r).send(body);
    },
    business: (id: string) => auth(request(system.account.url).get(`/agent-crm/businesses/${id}`)),
    resync: (id: string) => auth(request(system.account.url).post(`/agent-crm/businesses/${id}/resync`)).send(),
    setPolicySync: (id: string, enabled: boolean) => auth(request(system.account.url).post(`/agent-crm/businesses/${id}/policy-sync`)).send({ enabled }),
    addAgent: (id: string, user: Record<string, string>) => auth(request(system.account.url).post(`/agent-crm/businesses/${id}/agents`)).send(user),
    /** Waits until the business is active and no sync runs, then returns its report. */
    async settled(id: string, { runs = 1, timeoutMs = 60_000 } = {}) {
      return eventually(
        async () => {
          const body = (await api.business(id).expect(200)).body;
          const finished = body.runs.filter((r: { state: string }) => r.state !== 'running').length;
          // Plain checks (no test framework): the benchmark uses this too.
          if (body.business.state !== 'active' || body.runningSync !== null || finished < runs) {
            throw new Error(`business ${id} not settled: ${body.business.state}, ${finished}/${runs} runs finished`);
          }
          return body;
        },
        { timeoutMs, intervalMs: 250 },
      );
    },
  };
  return api;
}

/** Reads a business's own data as one of its users would (its tenant id is its business id). */
export function businessReader(system: TestSystem, token: string) {
  const auth = (r: request.Test) => r.set('authorization', `Bearer ${token}`);
  return {
    async policies() {
      const all: Array<Record<string, unknown>> = [];
      let cursor: string | undefined;
      do {
        const res = await auth(request(system.policy.url).get('/policies')).query({ limit: 200, ...(cursor ? { cursor } : {}) }).expect(200);
        all.push(...res.body.items);
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      return all;
    },
    async accounts() {
      const all: Array<Record<string, unknown>> = [];
      let before: string | undefined;
      do {
        const res = await auth(request(system.account.url).get('/accounts')).query({ limit: 200, ...(before ? { before } : {}) }).expect(200);
        all.push(...res.body.items);
        before = res.body.nextBefore ?? undefined;
      } while (before);
      return all;
    },
    contactsOf: async (accountId: string) => (await auth(request(system.account.url).get(`/accounts/${accountId}/contacts`)).expect(200)).body.items,
  };
}
