import request from 'supertest';
import { eventually, shortId } from '@agencyflow/testing';
import type { TestSystem } from './system';

export interface RunView {
  id: string;
  state: 'running' | 'completed';
  matched: number;
  created: number;
  skipped: number;
  failed: number;
  processed: number;
  percent: number;
  workflowId: string;
  [field: string]: unknown;
}

/** A tenant user's view of the account service (individuals) and the sales service (types, runs, records). */
export function salesApi(system: TestSystem, token: string) {
  const auth = (r: request.Test) => r.set('authorization', `Bearer ${token}`);
  const account = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string) => auth(request(system.account.url)[method](path));
  const sales = (method: 'get' | 'post' | 'patch' | 'delete', path: string) => auth(request(system.sales.url)[method](path));
  const api = {
    account,
    sales,
    /** An individual: a new account with this one contact. */
    async individual(fields: Record<string, unknown>): Promise<string> {
      const accountId = (await account('post', '/accounts').send({ name: `Household ${shortId()}` }).expect(201)).body.id;
      const created = await account('post', `/accounts/${accountId}/contacts`).send(fields);
      if (created.status !== 201) throw new Error(`contact refused: ${JSON.stringify(created.body)}`);
      return created.body.id;
    },
    async type(name = `Type ${shortId()}`, active = true): Promise<string> {
      return (await sales('post', '/sales-record-types').send({ name, active }).expect(201)).body.id;
    },
    preview: (body: Record<string, unknown>) => sales('post', '/sales-record-runs/preview').send(body),
    confirm: (body: Record<string, unknown>, key: string | null = `run-${shortId()}`) => {
      const r = sales('post', '/sales-record-runs');
      return (key ? r.set('idempotency-key', key) : r).send(body);
    },
    run: (runId: string) => sales('get', `/sales-record-runs/${runId}`),
    /** Waits until the run is completed and returns it. */
    completed: (runId: string, timeoutMs = 60_000): Promise<RunView> =>
      eventually(
        async () => {
          const run = (await api.run(runId).expect(200)).body as RunView;
          if (run.state !== 'completed') throw new Error(`run ${runId} is ${run.state}: ${run.processed}/${run.matched}`);
          return run;
        },
        { timeoutMs, intervalMs: 200 },
      ),
    /** Preview, then confirm with the preview's count; the run id. */
    async startRun(body: Record<string, unknown>, key?: string): Promise<string> {
      const { pageSize: _confirmOnly, ...previewBody } = body;
      const { matched } = (await api.preview(previewBody).expect(200)).body;
      return (await api.confirm({ ...body, expectedMatched: matched }, key).expect(202)).body.runId;
    },
    /** Every sales record of the tenant, page after page (`limit` a page). */
    async records(limit = 200): Promise<Array<Record<string, unknown>>> {
      const items: Array<Record<string, unknown>> = [];
      let before: string | null = null;
      do {
        const body: { items: Array<Record<string, unknown>>; nextBefore: string | null } = (
          await sales('get', `/sales-records?limit=${limit}${before ? `&before=${before}` : ''}`).expect(200)
        ).body;
        items.push(...body.items);
        before = body.nextBefore;
      } while (before);
      return items;
    },
    csv: async (runId: string, which: 'individuals' | 'outcomes') => (await sales('get', `/sales-record-runs/${runId}/${which}.csv`).expect(200)).text,
  };
  return api;
}
