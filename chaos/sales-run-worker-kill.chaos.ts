import { performance } from 'node:perf_hooks';
import { listDeadLetters } from '@agencyflow/kafka';
import { issueToken, shortId } from '@agencyflow/testing';
import { laterInTheRun } from './agent-crm-sync';
import { runInSystem, sharedEndpoints } from './system';

export interface SalesRunChaosResult {
  scenario: string;
  n: number;
  expected: number;
  present: number;
  missing: number;
  duplicated: number;
  deadLettered: number;
  faults: string[];
  runState: string;
  seconds: number;
}

/**
 * SR-2/SR-3 under fault: a mass sales-record run over N individuals with the account and
 * sales services and the workflow worker in processes of their own, the worker kill -9ed `kills`
 * times at random points of the run and started again. Then counted in SQL: every individual has
 * exactly one linked sales record (missing, duplicated), and no event was dead-lettered.
 */
export async function salesRunUnderWorkerKills({ individuals, pageSize, kills, log = () => {} }: { individuals: number; pageSize: number; kills: number; log?: (line: string) => void }): Promise<SalesRunChaosResult> {
  return runInSystem(
    sharedEndpoints(),
    log,
    async (system) => {
      const sales = system.sales!;
      const tenantId = `sr-chaos-${shortId()}`;
      const leadSource = `chaos-${shortId()}`;
      const headers = { authorization: `Bearer ${await issueToken({ tenantId, subject: 'chaos', groups: ['agency-admin'], expiresIn: '12h' })}`, 'content-type': 'application/json' };
      await system.databases.account.sql.begin(async (tx) => {
        await tx`insert into accounts (id, tenant_id, name, status, created_by) select gen_random_uuid(), ${tenantId}, 'Household ' || n, 'prospect', 'chaos' from generate_series(1, ${individuals}) as n`;
        await tx`
          insert into contacts (tenant_id, account_id, role, status, first_name, last_name, lead_source, custom_fields, created_by)
          select ${tenantId}, id, 'primary', 'prospect', 'First', name, ${leadSource}, '{}'::jsonb, 'chaos' from accounts where tenant_id = ${tenantId}`;
      });
      log(`seeded ${individuals} individuals`);
      const post = async (path: string, body: unknown, extra: Record<string, string> = {}) => {
        const res = await fetch(`${sales.url}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
        if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
        return (await res.json()) as Record<string, unknown>;
      };
      const typeId = (await post('/sales-record-types', { name: 'Chaos' })).id as string;
      const target = { criteria: { leadSource: [leadSource] }, salesRecordTypeId: typeId };
      const { matched } = (await post('/sales-record-runs/preview', target)) as { matched: number };
      const started = performance.now();
      const { runId } = (await post('/sales-record-runs', { ...target, expectedMatched: matched, pageSize }, { 'idempotency-key': `chaos-${shortId()}` })) as { runId: string };
      const run = async () => {
        try {
          const res = await fetch(`${sales.url}/sales-record-runs/${runId}`, { headers, signal: AbortSignal.timeout(10_000) });
          return res.ok ? ((await res.json()) as { state: string; processed: number }) : undefined;
        } catch {
          return undefined;
        }
      };
      const faults: string[] = [];
      for (let i = 0; i < kills && (await laterInTheRun(async () => (await run())?.state === 'running', 500, 1500)); i++) {
        await system.worker.kill();
        faults.push(`killed the workflow worker (kill -9) #${i + 1} at ${(await run())?.processed ?? '?'} of ${matched}, started it again`);
        await system.worker.start();
      }
      for (const line of faults) log(line);
      let state = await run();
      for (const deadline = Date.now() + 30 * 60_000; state?.state !== 'completed'; state = await run()) {
        if (Date.now() > deadline) throw new Error(`the run did not complete: ${JSON.stringify(state)}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const seconds = (performance.now() - started) / 1000;
      const [linked] = await system.databases.sales!.sql<{ total: number; distinct_individuals: number }[]>`
        select count(*)::int as total, count(distinct individual_id)::int as distinct_individuals from sales_records where tenant_id = ${tenantId}`;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const deadLettered = (await listDeadLetters(system.kafka, system.topicPrefix)).length;
      return {
        scenario: 'sales-run-worker-kill',
        n: individuals,
        expected: matched,
        present: linked!.distinct_individuals,
        missing: Math.max(0, matched - linked!.distinct_individuals),
        duplicated: linked!.total - linked!.distinct_individuals,
        deadLettered,
        faults,
        runState: state.state,
        seconds,
      };
    },
    { withSales: true },
  );
}
