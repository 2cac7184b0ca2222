import { performance } from 'node:perf_hooks';
import { listDeadLetters } from '@agencyflow/kafka';
import { issueToken, shortId } from '@agencyflow/testing';
import { feedColumns } from '@agencyflow/policy-service/src/domain/feed-row';
import { bookRows } from '../test/support/fmo-book';
import { statusMismatches } from './checks';
import { runInSystem, type Endpoints, type System } from './system';

/** What a chaos run counts: against what the book says should be there, what is. */
export interface ChaosResult {
  scenario: string;
  n: number;
  expected: { policies: number; contacts: number };
  present: { policies: number; contacts: number };
  missing: number;
  duplicated: number;
  deadLettered: number;
  /** Accounts whose status is not the one their policies give them (ACC-6), and contacts not at their account's (ACC-8). */
  statusMismatches: number;
  /** What was done to the system while the sync ran, in order. */
  faults: string[];
  runState: string;
  seconds: number;
}

export interface SyncOptions {
  scenario: string;
  policies: number;
  pageSize: number;
  /**
   * Breaks things while the sync runs; `syncing()` says whether it still does (a fault after the
   * end proves nothing), `progress()` what share of the book's policies the business has so far.
   * Returns what it did, one line a fault.
   */
  inject: (system: System, syncing: () => Promise<boolean>, progress: () => Promise<number>) => Promise<string[]>;
  log?: (line: string) => void;
}

export interface SyncUnderFaultsOptions extends SyncOptions {
  endpoints: Endpoints;
}

const NPN = '5150515';

/** syncInSystem on a fresh system at `endpoints`, stopped after. */
export async function syncUnderFaults({ endpoints, ...options }: SyncUnderFaultsOptions): Promise<ChaosResult> {
  return runInSystem(endpoints, options.log ?? (() => {}), (system) => syncInSystem(system, options));
}

/**
 * PS-4..PS-6 under fault: an Agent CRM sync of `policies` policies with each service and
 * the workflow worker in a process of its own, `inject` breaking things while pages are copied
 * and applied. Then every invariant is counted in SQL and on Kafka: every policy of the NPN
 * synced exactly once, every person a contact once, no dead-lettered event, every account's
 * status what its policies say.
 */
export async function syncInSystem(system: System, { scenario, policies, pageSize, inject, log = () => {} }: SyncOptions): Promise<ChaosResult> {
  const { policyUrl, accountUrl, databases } = system;
  const fmo = `fmo-chaos-${shortId()}`;
  const auth = { authorization: `Bearer ${await issueToken({ tenantId: fmo, subject: 'chaos', groups: ['fmo-admin'], expiresIn: '12h' })}` };
  const rows = bookRows([{ npn: NPN, policies, spouseEvery: 2, noEmailEvery: 5 }]);
  log(`importing the FMO book: ${policies} policies, ${rows.length} member rows`);
  const csv = `${feedColumns.join(',')}\n${rows.map((r) => feedColumns.map((c) => r[c] ?? '').join(',')).join('\n')}\n`;
  const imported = await importBook(`${policyUrl}/carrier-feeds`, auth, csv);
  if (imported.status !== 202) throw new Error(`import failed: ${imported.status} ${await imported.text()}`);
  await followImport(policyUrl, auth, ((await imported.json()) as { importId: string }).importId);
  const preview = (await (await fetch(`${policyUrl}/agent-crm/preview`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ npns: [NPN] }),
  })).json()) as { policies: number; contacts: number };

  const started = performance.now();
  const provisioned = await fetch(`${accountUrl}/agent-crm/businesses`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Chaos Agency', kind: 'agent', policySyncEnabled: true, pageSize, users: [{ name: 'Chaos Agent', email: `chaos.${shortId()}@x.example`, npn: NPN }] }),
  });
  if (provisioned.status !== 202) throw new Error(`provisioning refused: ${provisioned.status} ${await provisioned.text()}`);
  const { businessId } = (await provisioned.json()) as { businessId: string };
  /** The business as the account service shows it; undefined while the service (or its database) is away. */
  const business = async () => {
    try {
      const res = await fetch(`${accountUrl}/agent-crm/businesses/${businessId}`, { headers: auth, signal: AbortSignal.timeout(10_000) });
      if (!res.ok) return undefined;
      return (await res.json()) as { business?: { state: string }; runningSync: unknown; runs?: Array<{ state: string }> };
    } catch {
      return undefined;
    }
  };
  const settledNow = (b: Awaited<ReturnType<typeof business>>) =>
    !!b && b.business?.state === 'active' && !b.runningSync && (b.runs ?? []).some((r) => r.state !== 'running');

  const progress = async () => {
    const [row] = await databases.policy.sql<{ n: number }[]>`select count(*)::int as n from policies where tenant_id = ${businessId}`;
    return row!.n / Math.max(1, preview.policies);
  };
  const faults = await inject(system, async () => !settledNow(await business()), progress);
  for (const line of faults) log(line);

  let settled = await business();
  for (const deadline = Date.now() + 30 * 60_000; !settledNow(settled); settled = await business()) {
    if (Date.now() > deadline) throw new Error(`the sync did not settle: ${JSON.stringify(settled)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const seconds = (performance.now() - started) / 1000;
  log(`settled after ${seconds.toFixed(1)} s; counting`);

  const [copies] = await databases.policy.sql<{ total: number; distinct_policies: number }[]>`
    select count(*)::int as total, count(distinct (carrier, policy_number))::int as distinct_policies
    from policies where tenant_id = ${businessId}`;
  const [people] = await databases.account.sql<{ total: number }[]>`
    select count(*)::int as total from contacts where tenant_id = ${businessId}`;
  // Consumers catch up with what the run published before dead letters are counted.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const deadLettered = (await listDeadLetters(system.kafka, system.topicPrefix)).length;
  const present = { policies: copies!.distinct_policies, contacts: people!.total };
  const expected = { policies: preview.policies, contacts: preview.contacts };
  return {
    scenario,
    n: policies,
    expected,
    present,
    missing: Math.max(0, expected.policies - present.policies) + Math.max(0, expected.contacts - present.contacts),
    duplicated: copies!.total - copies!.distinct_policies + Math.max(0, present.contacts - expected.contacts),
    deadLettered,
    statusMismatches: await statusMismatches(databases.account.sql, businessId),
    faults,
    runState: (settled!.runs ?? [])[0]?.state ?? 'none',
    seconds,
  };
}

/**
 * Sends the book, again if the connection dropped before any answer (a kept-alive socket the
 * server had just closed: EPIPE, ECONNRESET). Safe: importing the same file twice changes nothing
 * the second time (PS-2).
 */
async function importBook(url: string, auth: Record<string, string>, csv: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    try {
      return await fetch(url, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    } catch (error) {
      const cause = String((error as Error).cause ?? error);
      if (attempt >= 3) throw new Error(`the import got no answer after ${((performance.now() - started) / 1000).toFixed(0)} s: ${cause}`);
    }
  }
}

/** Follows the FMO book's import job (written by its workflow) until it is completed. */
async function followImport(policyUrl: string, auth: Record<string, string>, importId: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${policyUrl}/carrier-feeds/${importId}`, { headers: auth });
    const job = (await res.json()) as { state?: string; failure?: string };
    if (job.state === 'completed') return;
    if (job.state === 'failed') throw new Error(`the FMO book's import failed: ${job.failure}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Waits 1 to 3 s (a random point in the run), then says whether the sync still runs. */
export async function laterInTheRun(syncing: () => Promise<boolean>, minMs = 1000, spreadMs = 2000): Promise<boolean> {
  await new Promise((resolve) => setTimeout(resolve, minMs + Math.random() * spreadMs));
  return syncing();
}
